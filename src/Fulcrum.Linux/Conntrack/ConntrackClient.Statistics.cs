using Fulcrum.Core.Conntrack;
using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Linux.Conntrack;

/// <summary>The table's fill and drop counters (<c>conntrack -C</c>, <c>conntrack -S</c>).</summary>
public sealed partial class ConntrackClient : IConntrackStatistics
{
    /// <summary>
    /// Two requests, both answered for the socket's namespace (nf_conntrack_netlink.c):
    /// <code>
    /// IPCTNL_MSG_CT_GET_STATS     (acknowledged) → CTA_STATS_GLOBAL_ENTRIES be32, CTA_STATS_GLOBAL_MAX_ENTRIES be32
    /// IPCTNL_MSG_CT_GET_STATS_CPU (dump)         → per CPU: CTA_STATS_EARLY_DROP, CTA_STATS_DROP, CTA_STATS_INSERT_FAILED, ... be32
    /// </code>
    /// The per-CPU counters are summed; they count since the namespace was created.
    /// </summary>
    /// <exception cref="NetlinkException">The kernel refused a request.</exception>
    public ConntrackTableStatistics Read()
    {
        lock (_gate)
        {
            long entries = 0, max = 0;
            var global = _netlink.CreateRequest(initialCapacity: 64);
            WriteStatsRequest(global, NfConntrack.IPCTNL_MSG_CT_GET_STATS, NetlinkMessageFlags.Request | NetlinkMessageFlags.Ack);
            _netlink.Execute(
                global,
                (in NetlinkMessage message) =>
                {
                    if (message.Type != NfNetlinkConstants.CtNetlinkType(NfConntrack.IPCTNL_MSG_CT_GET_STATS))
                    {
                        return;
                    }

                    var attributes = message.Attributes(nfgenmsg.Size);
                    while (attributes.TryRead(out var attribute))
                    {
                        switch (attribute.Type)
                        {
                            case NfConntrack.CTA_STATS_GLOBAL_ENTRIES:
                                entries = attribute.GetUInt32(NetlinkByteOrder.Network);
                                break;
                            case NfConntrack.CTA_STATS_GLOBAL_MAX_ENTRIES:
                                max = attribute.GetUInt32(NetlinkByteOrder.Network);
                                break;
                            default:
                                break;
                        }
                    }
                },
                _ => NfConntrack.MessageName(NfConntrack.IPCTNL_MSG_CT_GET_STATS));

            ulong earlyDrops = 0, drops = 0, insertFailed = 0;
            var perCpu = _netlink.CreateRequest(initialCapacity: 64);
            WriteStatsRequest(perCpu, NfConntrack.IPCTNL_MSG_CT_GET_STATS_CPU, NetlinkMessageFlags.Request | NetlinkMessageFlags.Dump);
            _netlink.Execute(
                perCpu,
                (in NetlinkMessage message) =>
                {
                    if (message.Type != NfNetlinkConstants.CtNetlinkType(NfConntrack.IPCTNL_MSG_CT_GET_STATS_CPU))
                    {
                        return;
                    }

                    var attributes = message.Attributes(nfgenmsg.Size);
                    while (attributes.TryRead(out var attribute))
                    {
                        switch (attribute.Type)
                        {
                            case NfConntrack.CTA_STATS_EARLY_DROP:
                                earlyDrops += attribute.GetUInt32(NetlinkByteOrder.Network);
                                break;
                            case NfConntrack.CTA_STATS_DROP:
                                drops += attribute.GetUInt32(NetlinkByteOrder.Network);
                                break;
                            case NfConntrack.CTA_STATS_INSERT_FAILED:
                                insertFailed += attribute.GetUInt32(NetlinkByteOrder.Network);
                                break;
                            default:
                                break;
                        }
                    }
                },
                _ => NfConntrack.MessageName(NfConntrack.IPCTNL_MSG_CT_GET_STATS_CPU) + " dump");

            return new ConntrackTableStatistics(entries, max, earlyDrops, drops, insertFailed);
        }
    }

    private static void WriteStatsRequest(NetlinkMessageWriter writer, byte message, NetlinkMessageFlags flags)
    {
        writer.BeginMessage(NfNetlinkConstants.CtNetlinkType(message), flags);
        new nfgenmsg(NfConntrack.NFPROTO_UNSPEC, nfgenmsg.NFNETLINK_V0, 0).Write(writer.WriteFamilyHeader(nfgenmsg.Size));
        writer.EndMessage();
    }
}
