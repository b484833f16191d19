namespace Fulcrum.Core.Firewall.Terms;

/// <summary>
/// <c>ct label set 127</c>: sets bit <paramref name="Bit"/> of the flow's conntrack label (the other
/// bits are kept). Silently does nothing for a flow without label storage (created before the first
/// rule that sets labels was loaded): follow it with <c>ct label 127</c> to go on only where it took.
/// </summary>
public sealed record CtLabelSetTerm(int Bit) : FirewallTerm
{
    /// <inheritdoc />
    public override string ToString() => $"ct label set {Bit}";
}
