namespace Fulcrum.Linux.Conntrack;

/// <summary>
/// Packets and bytes one direction of a flow carried (CTA_COUNTERS_ORIG / CTA_COUNTERS_REPLY).
/// The kernel counts only while <c>net.netfilter.nf_conntrack_acct</c> is 1 (per namespace), and
/// only for entries created while it was.
/// </summary>
/// <param name="Packets">CTA_COUNTERS_PACKETS.</param>
/// <param name="Bytes">CTA_COUNTERS_BYTES (IP headers included).</param>
public readonly record struct ConntrackCounters(ulong Packets, ulong Bytes)
{
    /// <summary>The sum of two counters (both directions of a flow, or many flows).</summary>
    public static ConntrackCounters operator +(ConntrackCounters left, ConntrackCounters right) =>
        new(left.Packets + right.Packets, left.Bytes + right.Bytes);

    /// <summary>The sum of two counters.</summary>
    public static ConntrackCounters Add(ConntrackCounters left, ConntrackCounters right) => left + right;
}
