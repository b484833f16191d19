namespace Fulcrum.Core.Firewall.Terms;

/// <summary><c>tcp flags syn / fin,syn,rst,ack</c>: a connection's first packet (SYN without ACK, FIN or RST; after a TCP <see cref="ProtocolTerm"/>).</summary>
public sealed record TcpSynTerm : FirewallTerm
{
    /// <summary>FIN | SYN | RST | ACK (RFC 9293 control bits).</summary>
    public const byte Mask = 0x01 | 0x02 | 0x04 | 0x10;

    /// <summary>SYN.</summary>
    public const byte Syn = 0x02;

    /// <summary>The one instance.</summary>
    public static TcpSynTerm Instance { get; } = new();

    /// <inheritdoc />
    public override string ToString() => "tcp flags syn / fin,syn,rst,ack";
}
