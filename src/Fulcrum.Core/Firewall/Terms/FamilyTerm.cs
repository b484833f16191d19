namespace Fulcrum.Core.Firewall.Terms;

/// <summary><c>meta nfproto ipv4|ipv6</c>: the IP version (the table is <c>inet</c>).</summary>
public sealed record FamilyTerm(bool Ipv6) : FirewallTerm
{
    /// <summary><c>meta nfproto ipv4</c>.</summary>
    public static FamilyTerm V4 { get; } = new(false);

    /// <summary><c>meta nfproto ipv6</c>.</summary>
    public static FamilyTerm V6 { get; } = new(true);

    /// <inheritdoc />
    public override string ToString() => Ipv6 ? "meta nfproto ipv6" : "meta nfproto ipv4";
}
