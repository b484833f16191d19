using System.Net;
using System.Net.Sockets;
using Fulcrum.Linux.Conntrack;
using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Integration.Tests.Conntrack;

/// <summary>
/// Creates conntrack entries directly with IPCTNL_MSG_CT_NEW (what <c>conntrack -I</c> does, but
/// hundreds per datagram): the cheap way to fill a namespace's table with 100,000 NAT'ed-looking
/// flows for measurements. Test code only; the data plane never creates entries.
/// </summary>
internal sealed class ConntrackSeeder : IDisposable
{
    private const int BatchSize = 256;
    private readonly NetlinkClient _netlink;

    public ConntrackSeeder(string networkNamespace) => _netlink = NetlinkClient.Open(NetlinkProtocol.Netfilter, networkNamespace);

    /// <summary>
    /// An established, assured TCP flow client:port → vip:vipPort that was DNAT'ed to
    /// server:serverPort, carrying ct mark <paramref name="mark"/>.
    /// </summary>
    public static ConntrackEntry DnatFlow(IPAddress client, ushort clientPort, IPAddress vip, ushort vipPort, IPAddress server, ushort serverPort, uint mark) => new(
        0,
        new ConntrackTuple(ProtocolType.Tcp, client, clientPort, vip, vipPort),
        new ConntrackTuple(ProtocolType.Tcp, server, serverPort, client, clientPort),
        ConntrackStatus.SeenReply | ConntrackStatus.Assured,
        mark,
        TimeSpan.FromMinutes(10),
        ConntrackTcpState.Established,
        null,
        null);

    /// <summary>Creates the entries, <see cref="BatchSize"/> per datagram, each acknowledged.</summary>
    public void Create(IEnumerable<ConntrackEntry> entries)
    {
        var writer = _netlink.CreateRequest(64 * 1024);
        foreach (var entry in entries)
        {
            WriteNew(writer, entry);
            if (writer.Messages.Count == BatchSize)
            {
                _netlink.Execute(writer);
                writer = _netlink.CreateRequest(64 * 1024);
            }
        }

        if (writer.Messages.Count > 0)
        {
            _netlink.Execute(writer);
        }
    }

    public void Dispose() => _netlink.Dispose();

    private static void WriteNew(NetlinkMessageWriter writer, ConntrackEntry entry)
    {
        // nf_conntrack_netlink.c, ctnetlink_create_conntrack: both tuples and CTA_TIMEOUT are required.
        writer.BeginMessage(NfNetlinkConstants.CtNetlinkType(NfConntrack.IPCTNL_MSG_CT_NEW), NetlinkMessageFlags.Request | NetlinkMessageFlags.Ack | NetlinkMessageFlags.Create | NetlinkMessageFlags.Exclusive);
        new nfgenmsg(entry.Original.Source.AddressFamily == AddressFamily.InterNetwork ? NfConntrack.NFPROTO_IPV4 : NfConntrack.NFPROTO_IPV6, nfgenmsg.NFNETLINK_V0, 0)
            .Write(writer.WriteFamilyHeader(nfgenmsg.Size));
        ConntrackRequests.WriteTuple(writer, NfConntrack.CTA_TUPLE_ORIG, entry.Original);
        ConntrackRequests.WriteTuple(writer, NfConntrack.CTA_TUPLE_REPLY, entry.Reply);
        // The kernel marks a created entry IPS_CONFIRMED before applying CTA_STATUS and refuses to
        // clear that bit (EBUSY), so the status sent must include it, as conntrack -I does.
        writer.WriteUInt32(NfConntrack.CTA_STATUS, (uint)(entry.Status | ConntrackStatus.Confirmed), NetlinkByteOrder.Network);
        writer.WriteUInt32(NfConntrack.CTA_TIMEOUT, (uint)(entry.Timeout ?? TimeSpan.FromMinutes(10)).TotalSeconds, NetlinkByteOrder.Network);
        writer.WriteUInt32(NfConntrack.CTA_MARK, entry.Mark, NetlinkByteOrder.Network);
        if (entry.TcpState is { } state)
        {
            var protoinfo = writer.BeginNested(NfConntrack.CTA_PROTOINFO);
            var tcp = writer.BeginNested(NfConntrack.CTA_PROTOINFO_TCP);
            writer.WriteUInt8(NfConntrack.CTA_PROTOINFO_TCP_STATE, (byte)state);
            writer.EndNested(tcp);
            writer.EndNested(protoinfo);
        }

        writer.EndMessage();
    }
}
