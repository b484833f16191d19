namespace Fulcrum.Core.Firewall.Terms;

/// <summary><c>tcp flags == ack</c>: a bare acknowledgement, no other control bit (after a TCP <see cref="ProtocolTerm"/>).</summary>
public sealed record TcpAckOnlyTerm : FirewallTerm
{
    /// <summary>ACK (RFC 9293 control bits).</summary>
    public const byte Ack = 0x10;

    /// <summary>The one instance.</summary>
    public static TcpAckOnlyTerm Instance { get; } = new();

    /// <inheritdoc />
    public override string ToString() => "tcp flags == ack";
}
