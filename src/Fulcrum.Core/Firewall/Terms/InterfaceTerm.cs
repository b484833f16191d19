namespace Fulcrum.Core.Firewall.Terms;

/// <summary><c>iifname "eth0"</c> (or <c>oifname</c> when <paramref name="Output"/>).</summary>
public sealed record InterfaceTerm(bool Output, string Name) : FirewallTerm
{
    /// <inheritdoc />
    public override string ToString() => $"{(Output ? "oifname" : "iifname")} \"{Name}\"";
}
