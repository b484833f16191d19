namespace Fulcrum.Core.Conntrack;

/// <summary>
/// How full a node's conntrack table is and what the kernel dropped for lack of room, as ctnetlink
/// reports it for the node's network namespace (<c>conntrack -S</c> / <c>conntrack -C</c>).
/// </summary>
/// <param name="Entries">Flows tracked now (nf_conntrack_count of the namespace).</param>
/// <param name="MaxEntries">The table's limit (nf_conntrack_max; one value for the whole host, applied per namespace).</param>
/// <param name="EarlyDrops">Flows evicted to make room for new ones (per-CPU <c>early_drop</c>, summed): unanswered or not yet assured flows, when the table was full or above 95 %.</param>
/// <param name="Drops">New flows refused because nothing could be evicted (per-CPU <c>drop</c>): their packets were dropped.</param>
/// <param name="InsertFailed">Flows that could not be inserted (per-CPU <c>insert_failed</c>, e.g. a clash the kernel could not resolve).</param>
public sealed record ConntrackTableStatistics(long Entries, long MaxEntries, ulong EarlyDrops, ulong Drops, ulong InsertFailed)
{
    /// <summary>Entries as a percentage of <see cref="MaxEntries"/> (0 when the limit is unknown).</summary>
    public double Percent => MaxEntries > 0 ? 100.0 * Entries / MaxEntries : 0;
}
