namespace Fulcrum.Core.Vrrp;

/// <summary>An input to <see cref="VrrpInstance.Handle"/>. The set of events is closed.</summary>
public abstract record VrrpEvent
{
    private protected VrrpEvent()
    {
    }
}
