namespace Fulcrum.Core.Firewall.Terms;

/// <summary>
/// <c>ct status assured</c>: conntrack has seen the flow answered for real. For TCP the kernel sets
/// it on the ACK that moves the flow from SYN_RECV to ESTABLISHED, i.e. when the three-way handshake
/// completes (nf_conntrack_proto_tcp.c, nf_tcp_handle_state): a source that only sends SYNs — a
/// spoofed one never sees the SYN-ACK — never gets there.
/// </summary>
public sealed record CtAssuredTerm : FirewallTerm
{
    /// <summary>IPS_ASSURED (include/uapi/linux/netfilter/nf_conntrack_common.h).</summary>
    public const uint AssuredBit = 1u << 2;

    /// <summary>The one instance.</summary>
    public static CtAssuredTerm Instance { get; } = new();

    /// <inheritdoc />
    public override string ToString() => "ct status assured";
}
