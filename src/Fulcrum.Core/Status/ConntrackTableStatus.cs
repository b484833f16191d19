namespace Fulcrum.Core.Status;

/// <summary>
/// The node's conntrack table (<c>conntrack</c> in <c>GET /v1/status</c>): fill, level and what the
/// kernel dropped for lack of room since the namespace was created.
/// </summary>
/// <param name="Entries">Flows tracked.</param>
/// <param name="Max">nf_conntrack_max.</param>
/// <param name="Percent">Entries as a percentage of max.</param>
/// <param name="Level"><c>normal</c>, <c>warning</c> (≥ 80 %) or <c>critical</c> (≥ 95 %), with hysteresis.</param>
/// <param name="EarlyDrops">Flows evicted to make room.</param>
/// <param name="Drops">New flows refused (table full, nothing to evict).</param>
/// <param name="InsertFailed">Flows that could not be inserted.</param>
/// <param name="SampledAt">When the kernel was asked.</param>
public sealed record ConntrackTableStatus(long Entries, long Max, double Percent, string Level, ulong EarlyDrops, ulong Drops, ulong InsertFailed, DateTimeOffset SampledAt);
