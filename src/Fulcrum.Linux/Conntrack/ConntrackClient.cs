using System.Globalization;
using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Linux.Conntrack;

/// <summary>
/// ctnetlink (NETLINK_NETFILTER, NFNL_SUBSYS_CTNETLINK) over Fulcrum's own netlink client: dumps
/// the conntrack table with the kernel filtering what it can, deletes entries exactly (tuple + id)
/// in batches, and counts flows per ct mark. What <c>conntrack -L</c> / <c>conntrack -D</c> do,
/// for one network namespace (the one the socket was opened in). Thread-safe: calls are serialized,
/// since the netlink socket carries one request at a time.
/// </summary>
public sealed partial class ConntrackClient : IConnectionTracker, IDisposable
{
    /// <summary>Delete messages per datagram: each is acknowledged, and the acks must fit the receive buffer.</summary>
    public const int DefaultDeleteBatchSize = 256;

    // A dump the kernel flags NLM_F_DUMP_INTR (reported as EINTR) is retried.
    private const int DumpAttempts = 5;

    private readonly NetlinkClient _netlink;
    private readonly int _deleteBatchSize;
    private readonly Lock _gate = new();

    /// <summary>Creates a client over a netlink client it then owns (a fake transport in unit tests).</summary>
    public ConntrackClient(NetlinkClient netlink, int deleteBatchSize = DefaultDeleteBatchSize)
    {
        ArgumentNullException.ThrowIfNull(netlink);
        ArgumentOutOfRangeException.ThrowIfLessThan(deleteBatchSize, 1);
        _netlink = netlink;
        _deleteBatchSize = deleteBatchSize;
    }

    /// <summary>Opens a NETLINK_NETFILTER socket, in the named network namespace when given.</summary>
    public static ConntrackClient Open(string? networkNamespace = null) =>
        new(NetlinkClient.Open(NetlinkProtocol.Netfilter, networkNamespace));

    /// <summary>The socket's netlink port id: the <see cref="ConntrackEvent.CausedBy"/> of events its requests cause.</summary>
    public uint PortId => _netlink.PortId;

    /// <inheritdoc />
    public IReadOnlyList<ConntrackEntry> List(ConntrackFilter? filter = null)
    {
        filter ??= ConntrackFilter.All;
        var entries = new List<ConntrackEntry>();
        Dump(filter, () => entries.Clear(), (in NetlinkMessage message) =>
        {
            var entry = ConntrackEntryParser.Parse(message);
            if (filter.Matches(entry))
            {
                entries.Add(entry);
            }
        });
        return entries;
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<uint, ConnectionCounts> CountByMark(uint markMask = uint.MaxValue)
    {
        var counts = new Dictionary<uint, ConnectionCounts>();
        Dump(ConntrackFilter.All, counts.Clear, (in NetlinkMessage message) =>
        {
            var flow = ConntrackEntryParser.Summarize(message);
            var key = flow.Mark & markMask;
            if (key != 0)
            {
                counts[key] = counts.GetValueOrDefault(key).With(flow.IsActive, flow.Counters);
            }
        });
        return counts;
    }

    /// <inheritdoc />
    public void Dispose() => _netlink.Dispose();

    /// <summary>Dumps every entry as a summary (no records allocated); <paramref name="restart"/> runs before each attempt.</summary>
    internal void DumpSummaries(Action restart, Action<ConntrackFlowSummary> onFlow) =>
        Dump(ConntrackFilter.All, restart, (in NetlinkMessage message) => onFlow(ConntrackEntryParser.Summarize(message)));

    private void Dump(ConntrackFilter filter, Action restart, NetlinkMessageHandler onEntry)
    {
        lock (_gate)
        {
            for (var attempt = 1; ; attempt++)
            {
                restart();
                var writer = _netlink.CreateRequest(initialCapacity: 256);
                ConntrackRequests.WriteDump(writer, filter);
                try
                {
                    _netlink.Execute(
                        writer,
                        (in NetlinkMessage message) =>
                        {
                            if (ConntrackEntryParser.IsEntry(message))
                            {
                                onEntry(message);
                            }
                        },
                        _ => NfConntrack.MessageName(NfConntrack.IPCTNL_MSG_CT_GET) + " dump");
                    return;
                }
                catch (NetlinkException interrupted) when (interrupted.Errno == Errno.EINTR && attempt < DumpAttempts)
                {
                    // The table changed under a dump the kernel could not keep consistent. Retry.
                }
            }
        }
    }

    private static string Describe(ConntrackEntry entry) => string.Create(CultureInfo.InvariantCulture,
        $"{NfConntrack.MessageName(NfConntrack.IPCTNL_MSG_CT_DELETE)} ({entry.Original}, id {entry.Id})");
}
