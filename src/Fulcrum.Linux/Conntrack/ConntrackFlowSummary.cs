using System.Net.Sockets;

namespace Fulcrum.Linux.Conntrack;

/// <summary>The fields of an entry that counting needs; see <see cref="ConntrackEntryParser.Summarize"/>.</summary>
internal struct ConntrackFlowSummary
{
    public ProtocolType Protocol;
    public ConntrackStatus Status;
    public uint Mark;
    public ConntrackTcpState? TcpState;
    public ConntrackCounters? Counters;

    /// <summary>Same rule as <see cref="ConntrackEntry.IsActive"/>.</summary>
    public readonly bool IsActive => ConntrackEntry.IsActiveFlow(Protocol, Status, TcpState);
}
