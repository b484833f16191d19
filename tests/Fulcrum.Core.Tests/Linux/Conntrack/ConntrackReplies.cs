using Fulcrum.Linux.Conntrack;
using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Core.Tests.Linux.Conntrack;

/// <summary>Builds the kernel's side of ctnetlink exchanges for the fake kernel.</summary>
internal static class ConntrackReplies
{
    /// <summary>
    /// The entry <c>conntrack -L</c> received from kernel 6.18 for
    /// <c>conntrack -I -p tcp -s 10.1.0.2 -d 203.0.113.10 --sport 40000 --dport 80 -r 10.2.0.2 -q 10.1.0.2
    /// --reply-port-src 8080 --reply-port-dst 40000 --state ESTABLISHED -t 300 -u SEEN_REPLY,ASSURED -m 7</c>
    /// with nf_conntrack_acct=1 (captured with strace): the payload after the nlmsghdr.
    /// </summary>
    public const string CapturedEntryPayload = """
        02000000                              nfgenmsg: AF_INET, v0, res_id 0
        34000180                              CTA_TUPLE_ORIG (nested), 52 bytes
          14000180                              CTA_TUPLE_IP
            08000100 0a010002                     CTA_IP_V4_SRC 10.1.0.2
            08000200 cb00710a                     CTA_IP_V4_DST 203.0.113.10
          1c000280                              CTA_TUPLE_PROTO
            05000100 06000000                     CTA_PROTO_NUM 6
            06000200 9c400000                     CTA_PROTO_SRC_PORT 40000
            06000300 00500000                     CTA_PROTO_DST_PORT 80
        34000280                              CTA_TUPLE_REPLY (nested)
          14000180
            08000100 0a020002                     CTA_IP_V4_SRC 10.2.0.2
            08000200 0a010002                     CTA_IP_V4_DST 10.1.0.2
          1c000280
            05000100 06000000
            06000200 1f900000                     CTA_PROTO_SRC_PORT 8080
            06000300 9c400000                     CTA_PROTO_DST_PORT 40000
        08000300 0000000e                     CTA_STATUS SEEN_REPLY|ASSURED|CONFIRMED
        08000800 00000007                     CTA_MARK 7
        08000c00 a7a5d635                     CTA_ID
        08000b00 00000001                     CTA_USE 1
        08000700 0000012b                     CTA_TIMEOUT 299
        30000480                              CTA_PROTOINFO
          2c000180                              CTA_PROTOINFO_TCP
            05000100 03000000                     CTA_PROTOINFO_TCP_STATE ESTABLISHED
            05000200 00000000                     WSCALE_ORIGINAL
            05000300 00000000                     WSCALE_REPLY
            06000400 0a000000                     FLAGS_ORIGINAL
            06000500 0a000000                     FLAGS_REPLY
        1c000980                              CTA_COUNTERS_ORIG
          0c000100 0000000000000000             CTA_COUNTERS_PACKETS 0
          0c000200 0000000000000000             CTA_COUNTERS_BYTES 0
        1c000a80                              CTA_COUNTERS_REPLY
          0c000100 0000000000000000
          0c000200 0000000000000000
        1c001880                              CTA_SYNPROXY
          08000100 00000000
          08000200 00000000
          08000300 00000000
        """;

    /// <summary>A dump answer: one NEW message per payload, then NLMSG_DONE, in one datagram.</summary>
    public static byte[] Dump(uint sequence, uint portId, IEnumerable<byte[]> payloads)
    {
        var writer = new NetlinkMessageWriter();
        foreach (var payload in payloads)
        {
            writer.BeginMessage(NfNetlinkConstants.CtNetlinkType(NfConntrack.IPCTNL_MSG_CT_NEW), NetlinkMessageFlags.Multi, sequence, portId);
            writer.WriteBytes(payload);
            writer.EndMessage();
        }

        writer.BeginMessage(3, NetlinkMessageFlags.Multi, sequence, portId);
        writer.WriteBytes(new byte[4]);
        writer.EndMessage();
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>An entry's payload (nfgenmsg + attributes) as ctnetlink_fill_info lays it out.</summary>
    public static byte[] Entry(ConntrackEntry entry)
    {
        var writer = new NetlinkMessageWriter();
        writer.BeginMessage(0, NetlinkMessageFlags.None, 0, 0);
        writer.WriteFamilyHeader(4)[0] = entry.Original.Source.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? (byte)2 : (byte)10;
        ConntrackRequests.WriteTuple(writer, NfConntrack.CTA_TUPLE_ORIG, entry.Original);
        ConntrackRequests.WriteTuple(writer, NfConntrack.CTA_TUPLE_REPLY, entry.Reply);
        writer.WriteUInt32(NfConntrack.CTA_STATUS, (uint)entry.Status, NetlinkByteOrder.Network);
        writer.WriteUInt32(NfConntrack.CTA_MARK, entry.Mark, NetlinkByteOrder.Network);
        writer.WriteUInt32(NfConntrack.CTA_ID, entry.Id, NetlinkByteOrder.Network);
        if (entry.Timeout is { } timeout)
        {
            writer.WriteUInt32(NfConntrack.CTA_TIMEOUT, (uint)timeout.TotalSeconds, NetlinkByteOrder.Network);
        }

        if (entry.TcpState is { } state)
        {
            var protoinfo = writer.BeginNested(NfConntrack.CTA_PROTOINFO);
            var tcp = writer.BeginNested(NfConntrack.CTA_PROTOINFO_TCP);
            writer.WriteUInt8(NfConntrack.CTA_PROTOINFO_TCP_STATE, (byte)state);
            writer.EndNested(tcp);
            writer.EndNested(protoinfo);
        }

        WriteCounters(writer, NfConntrack.CTA_COUNTERS_ORIG, entry.OriginalCounters);
        WriteCounters(writer, NfConntrack.CTA_COUNTERS_REPLY, entry.ReplyCounters);
        writer.EndMessage();
        return writer.WrittenSpan[16..].ToArray();
    }

    private static void WriteCounters(NetlinkMessageWriter writer, ushort type, ConntrackCounters? counters)
    {
        if (counters is not { } value)
        {
            return;
        }

        var nest = writer.BeginNested(type);
        writer.WriteUInt64(NfConntrack.CTA_COUNTERS_PACKETS, value.Packets, NetlinkByteOrder.Network);
        writer.WriteUInt64(NfConntrack.CTA_COUNTERS_BYTES, value.Bytes, NetlinkByteOrder.Network);
        writer.EndNested(nest);
    }
}
