namespace Fulcrum.Core.Vrrp;

/// <summary>
/// An output of <see cref="VrrpInstance.Handle"/> for the driver to carry out, in order.
/// Actions are values: equal actions compare equal, so tests assert whole sequences.
/// </summary>
public abstract record VrrpAction
{
    private protected VrrpAction()
    {
    }
}
