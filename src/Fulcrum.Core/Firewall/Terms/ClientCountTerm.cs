namespace Fulcrum.Core.Firewall.Terms;

/// <summary>
/// <c>add @set { ip saddr ct count over N }</c>: counts the open connections of each source address
/// (an element per address in a dynamic set); the rule goes on only for a source that has more than
/// <paramref name="Limit"/>, this one included.
/// </summary>
public sealed record ClientCountTerm(string Set, int Limit) : FirewallTerm
{
    /// <inheritdoc />
    public override string ToString() => $"add @{Set} {{ ip saddr ct count over {Limit} }}";
}
