namespace Fulcrum.Core.Firewall.Terms;

/// <summary><c>add @set { ip saddr }</c>: puts the source address into a dynamic set (with the set's timeout).</summary>
public sealed record AddSourceTerm(string Set) : FirewallTerm
{
    /// <inheritdoc />
    public override string ToString() => $"add @{Set} {{ ip saddr }}";
}
