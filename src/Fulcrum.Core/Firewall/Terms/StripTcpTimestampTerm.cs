namespace Fulcrum.Core.Firewall.Terms;

/// <summary>
/// <c>reset tcp option timestamp</c>: overwrites the TCP timestamp option (RFC 7323 §3, kind 8) with
/// no-operation bytes, checksum fixed (nft_exthdr's strip operation). Used on one packet only: the
/// SYN proxy's own ACK to the real server, whose echoed timestamp the kernel gets wrong (see
/// <see cref="FirewallRenderer"/>, chain <c>syn_proxy_ack</c>).
/// </summary>
public sealed record StripTcpTimestampTerm : FirewallTerm
{
    /// <summary>TCPOPT_TIMESTAMP (include/net/tcp.h; RFC 7323 §3).</summary>
    public const byte TimestampKind = 8;

    /// <summary>The one instance.</summary>
    public static StripTcpTimestampTerm Instance { get; } = new();

    /// <inheritdoc />
    public override string ToString() => "reset tcp option timestamp";
}
