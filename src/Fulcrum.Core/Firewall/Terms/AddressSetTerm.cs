namespace Fulcrum.Core.Firewall.Terms;

/// <summary><c>ip saddr @set</c> / <c>ip daddr != @set</c>: the IPv4 source (or destination) is (not) in a named set.</summary>
public sealed record AddressSetTerm(bool Source, string Set, bool Negated = false) : FirewallTerm
{
    /// <inheritdoc />
    public override string ToString() => $"ip {(Source ? "saddr" : "daddr")} {(Negated ? "!= " : string.Empty)}@{Set}";
}
