namespace Fulcrum.Core.Firewall.Terms;

/// <summary><c>reject with tcp reset</c> (after a TCP <see cref="ProtocolTerm"/>) or <c>reject</c> (ICMP port unreachable): drop and tell the sender.</summary>
public sealed record RejectTerm(bool TcpReset) : FirewallTerm
{
    /// <inheritdoc />
    public override string ToString() => TcpReset ? "reject with tcp reset" : "reject";
}
