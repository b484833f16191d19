using System.Net.Sockets;

namespace Fulcrum.Linux.Conntrack;

/// <summary>The fields of an entry that counting needs; see <see cref="ConntrackEntryParser.Summarize"/>.</summary>
internal struct ConntrackFlowSummary
{
    public uint Id;

    // A hash of the CTA_TUPLE_ORIG bytes: with the id, a key that tells flows apart even when two
    // 32-bit ids collide (likely among 100,000 flows) and that dumps and events agree on.
    public int OriginalTupleHash;
    public ProtocolType Protocol;
    public ConntrackStatus Status;
    public uint Mark;
    public ConntrackTcpState? TcpState;
    public ConntrackCounters? Counters;

    /// <summary>The flow's identity across a dump and the events that follow it.</summary>
    public readonly ConntrackFlowKey Key => new(Id, OriginalTupleHash);

    /// <summary>Same rule as <see cref="ConntrackEntry.IsActive"/>.</summary>
    public readonly bool IsActive => ConntrackEntry.IsActiveFlow(Protocol, Status, TcpState);
}
