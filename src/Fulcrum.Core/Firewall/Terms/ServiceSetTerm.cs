namespace Fulcrum.Core.Firewall.Terms;

/// <summary><c>ip daddr . meta l4proto . th dport @services</c>: the packet is for a virtual service.</summary>
public sealed record ServiceSetTerm(string Set) : FirewallTerm
{
    /// <inheritdoc />
    public override string ToString() => $"ip daddr . meta l4proto . th dport @{Set}";
}
