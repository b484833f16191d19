using System.Net.Sockets;

namespace Fulcrum.Linux.Conntrack;

/// <summary>
/// One conntrack entry (a line of <c>conntrack -L</c>). For a balanced flow the original tuple is
/// client → VIP and the reply tuple is real server → client: DNAT shows as a reply source that
/// differs from the original destination.
/// </summary>
/// <param name="Id">CTA_ID: the kernel's id for the entry, which makes a delete exact (a reused tuple gets a new id).</param>
/// <param name="Original">CTA_TUPLE_ORIG: the flow as the client sent it.</param>
/// <param name="Reply">CTA_TUPLE_REPLY: the flow as the answering side sends it.</param>
/// <param name="Status">CTA_STATUS.</param>
/// <param name="Mark">CTA_MARK (the ct mark; 0 when unset).</param>
/// <param name="Timeout">CTA_TIMEOUT: time left before the entry expires; null for offloaded flows.</param>
/// <param name="TcpState">CTA_PROTOINFO_TCP_STATE; null for other protocols.</param>
/// <param name="OriginalCounters">CTA_COUNTERS_ORIG; null when accounting was off for this entry.</param>
/// <param name="ReplyCounters">CTA_COUNTERS_REPLY; null when accounting was off for this entry.</param>
/// <param name="Zone">CTA_ZONE (0, the default zone, unless zones are used).</param>
public sealed record ConntrackEntry(
    uint Id,
    ConntrackTuple Original,
    ConntrackTuple Reply,
    ConntrackStatus Status,
    uint Mark,
    TimeSpan? Timeout,
    ConntrackTcpState? TcpState,
    ConntrackCounters? OriginalCounters,
    ConntrackCounters? ReplyCounters,
    ushort Zone = 0)
{
    /// <summary>The flow's protocol.</summary>
    public ProtocolType Protocol => Original.Protocol;

    /// <summary>True when replies come from another address or port than the client sent to: the flow was DNATed (balanced).</summary>
    public bool IsDestinationNat => !Reply.Source.Equals(Original.Destination) || Reply.SourcePort != Original.DestinationPort;

    /// <summary>Both directions' counters summed; null without accounting.</summary>
    public ConntrackCounters? Counters => OriginalCounters is { } original && ReplyCounters is { } reply ? original + reply : OriginalCounters ?? ReplyCounters;

    /// <summary>
    /// True for a connection IPVS would count as active: TCP in ESTABLISHED, or a connectionless
    /// flow that has seen traffic both ways and is assured. Everything else (handshakes, closing
    /// states, one-way UDP) is inactive.
    /// </summary>
    public bool IsActive => IsActiveFlow(Protocol, Status, TcpState);

    internal static bool IsActiveFlow(ProtocolType protocol, ConntrackStatus status, ConntrackTcpState? tcpState) => tcpState is { } state
        ? state == ConntrackTcpState.Established
        : protocol != ProtocolType.Tcp && (status & ConntrackStatus.Assured) != 0;
}
