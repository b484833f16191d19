namespace Fulcrum.Linux.Conntrack;

/// <summary>
/// The data plane's port to the kernel's connection tracking table (ctnetlink). The engine sets
/// ct mark = backend id at DNAT time; through this port it deletes the flows of a removed real
/// server (so its clients get a prompt reset instead of a hang), counts current connections per
/// backend, and lists flows for persistence cleanup. <see cref="ConntrackClient"/> implements it;
/// a recording fake stands in for it in unit tests.
/// </summary>
public interface IConnectionTracker
{
    /// <summary>The entries that pass <paramref name="filter"/> (all when null). <c>conntrack -L</c>.</summary>
    IReadOnlyList<ConntrackEntry> List(ConntrackFilter? filter = null);

    /// <summary>
    /// Deletes every flow the selector names (VIP:ports DNAT'ed to one real server) and returns how
    /// many the kernel deleted. Flows that ended meanwhile are not an error.
    /// </summary>
    int DeleteFlowsTo(ConntrackFlowSelector selector);

    /// <summary>
    /// Dumps the entries <paramref name="filter"/> passes (all when null) and deletes those
    /// <paramref name="match"/> selects. <c>conntrack -D</c> with a predicate.
    /// </summary>
    ConntrackDeleteResult DeleteFlows(Predicate<ConntrackEntry> match, ConntrackFilter? filter = null);

    /// <summary>
    /// Deletes every entry whose <c>ct mark &amp; <paramref name="markMask"/></c> equals
    /// <paramref name="mark"/> (one request per mark: the kernel walks its table and deletes the
    /// matches itself, nothing is dumped). <c>conntrack -D --mark MARK/MASK</c> in one message.
    /// A mark no entry carries is not an error.
    /// </summary>
    void FlushByMark(IReadOnlyCollection<uint> marks, uint markMask = uint.MaxValue);

    /// <summary>
    /// Current connections grouped by <c>ct mark &amp; <paramref name="markMask"/></c>; entries whose
    /// masked mark is 0 (not balanced) are left out. Packets and bytes are summed when
    /// <c>net.netfilter.nf_conntrack_acct</c> is on.
    /// </summary>
    IReadOnlyDictionary<uint, ConnectionCounts> CountByMark(uint markMask = uint.MaxValue);
}
