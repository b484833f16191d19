using System.Net;
using System.Net.Sockets;
using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Linux.Conntrack;

/// <summary>
/// Writes ctnetlink requests. Every message is nlmsghdr + nfgenmsg (nfgen_family = NFPROTO_*) +
/// CTA_* attributes; integers are big-endian except CTA_PROTO_NUM (u8) and the CTA_FILTER flags
/// (host-order u32, NLA_U32 in the kernel's policy).
/// </summary>
internal static class ConntrackRequests
{
    /// <summary>
    /// IPCTNL_MSG_CT_GET with NLM_F_DUMP, filtered in the kernel as far as it can:
    /// <code>
    /// nfgenmsg { family }
    /// [CTA_MARK be32, CTA_MARK_MASK be32]
    /// [CTA_TUPLE_ORIG  { CTA_TUPLE_IP { CTA_IP_V4_DST }, CTA_TUPLE_PROTO { CTA_PROTO_NUM, [CTA_PROTO_DST_PORT] } }]
    /// [CTA_TUPLE_REPLY { CTA_TUPLE_IP { CTA_IP_V4_SRC }, CTA_TUPLE_PROTO { CTA_PROTO_NUM, [CTA_PROTO_SRC_PORT] } }]
    /// [CTA_FILTER { CTA_FILTER_ORIG_FLAGS u32, CTA_FILTER_REPLY_FLAGS u32 }]
    /// </code>
    /// </summary>
    public static void WriteDump(NetlinkMessageWriter writer, ConntrackFilter filter)
    {
        var family = filter.EffectiveFamily;
        writer.BeginMessage(NfNetlinkConstants.CtNetlinkType(NfConntrack.IPCTNL_MSG_CT_GET), NetlinkMessageFlags.Request | NetlinkMessageFlags.Dump);
        WriteNfgenmsg(writer, family);
        if (filter.Mark is { } mark)
        {
            writer.WriteUInt32(NfConntrack.CTA_MARK, mark, NetlinkByteOrder.Network);
            writer.WriteUInt32(NfConntrack.CTA_MARK_MASK, filter.MarkMask, NetlinkByteOrder.Network);
        }

        // CTA_FILTER compares tuple fields of one family (it fails with EOPNOTSUPP without one).
        if (family is not null)
        {
            var originalFlags = WriteFilterTuple(writer, NfConntrack.CTA_TUPLE_ORIG, filter.Protocol, filter.OriginalDestination, isSource: false, filter.OriginalDestinationPort);
            // The protocol is compared once, in the original tuple; the reply tuple repeats it only
            // because the kernel needs it to parse a port.
            var replyProtocol = filter.ReplySourcePort is null ? null : filter.Protocol;
            var replyFlags = WriteFilterTuple(writer, NfConntrack.CTA_TUPLE_REPLY, replyProtocol, filter.ReplySource, isSource: true, filter.ReplySourcePort);
            if (originalFlags != 0 || replyFlags != 0)
            {
                var nest = writer.BeginNested(NfConntrack.CTA_FILTER);
                writer.WriteUInt32(NfConntrack.CTA_FILTER_ORIG_FLAGS, originalFlags, NetlinkByteOrder.Host);
                writer.WriteUInt32(NfConntrack.CTA_FILTER_REPLY_FLAGS, replyFlags, NetlinkByteOrder.Host);
                writer.EndNested(nest);
            }
        }

        writer.EndMessage();
    }

    /// <summary>
    /// IPCTNL_MSG_CT_DELETE of exactly one entry, acknowledged:
    /// <code>
    /// nfgenmsg { family }
    /// CTA_TUPLE_ORIG { CTA_TUPLE_IP { SRC, DST }, CTA_TUPLE_PROTO { CTA_PROTO_NUM, SRC_PORT, DST_PORT } }
    /// [CTA_ZONE be16]
    /// CTA_ID be32
    /// </code>
    /// The kernel looks the tuple up and deletes the entry only if its id is still CTA_ID, so a
    /// tuple reused by a new connection since the dump is left alone (ENOENT).
    /// </summary>
    public static void WriteDelete(NetlinkMessageWriter writer, ConntrackEntry entry)
    {
        writer.BeginMessage(NfNetlinkConstants.CtNetlinkType(NfConntrack.IPCTNL_MSG_CT_DELETE), NetlinkMessageFlags.Request | NetlinkMessageFlags.Ack);
        WriteNfgenmsg(writer, entry.Original.Source.AddressFamily);
        WriteTuple(writer, NfConntrack.CTA_TUPLE_ORIG, entry.Original);
        if (entry.Zone != 0)
        {
            writer.WriteUInt16(NfConntrack.CTA_ZONE, entry.Zone, NetlinkByteOrder.Network);
        }

        writer.WriteUInt32(NfConntrack.CTA_ID, entry.Id, NetlinkByteOrder.Network);
        writer.EndMessage();
    }

    /// <summary>
    /// IPCTNL_MSG_CT_DELETE without a tuple, acknowledged: the kernel's filtered flush
    /// (ctnetlink_flush_conntrack), which deletes every entry of the socket's namespace whose
    /// <c>mark &amp; CTA_MARK_MASK</c> equals CTA_MARK, walking the table itself.
    /// <code>
    /// nfgenmsg { family AF_UNSPEC, version NFNETLINK_V0 }   (version 0: both families)
    /// CTA_MARK be32, CTA_MARK_MASK be32
    /// </code>
    /// </summary>
    public static void WriteFlushByMark(NetlinkMessageWriter writer, uint mark, uint markMask)
    {
        writer.BeginMessage(NfNetlinkConstants.CtNetlinkType(NfConntrack.IPCTNL_MSG_CT_DELETE), NetlinkMessageFlags.Request | NetlinkMessageFlags.Ack);
        WriteNfgenmsg(writer, null);
        writer.WriteUInt32(NfConntrack.CTA_MARK, mark, NetlinkByteOrder.Network);
        writer.WriteUInt32(NfConntrack.CTA_MARK_MASK, markMask, NetlinkByteOrder.Network);
        writer.EndMessage();
    }

    /// <summary>
    /// IPCTNL_MSG_CT_NEW with NLM_F_CREATE | NLM_F_EXCL, acknowledged: creates the entry another
    /// node tracks for the same flow (connection synchronisation; <c>conntrack -I</c>):
    /// <code>
    /// nfgenmsg { family }
    /// CTA_TUPLE_ORIG  { client → VIP }
    /// CTA_TUPLE_REPLY { VIP → client }         the un-NATed reply: the kernel's NAT set-up rewrites it
    /// [CTA_NAT_DST { CTA_NAT_V4_MINIP, CTA_NAT_V4_MAXIP = server,
    ///                CTA_NAT_PROTO { CTA_PROTONAT_PORT_MIN, CTA_PROTONAT_PORT_MAX = server port (be16) } }]
    /// CTA_STATUS be32   IPS_CONFIRMED | the entry's IPS_SEEN_REPLY and IPS_ASSURED
    /// CTA_TIMEOUT be32  seconds (at least 1)
    /// [CTA_MARK be32]   [CTA_ZONE be16]
    /// [CTA_PROTOINFO { CTA_PROTOINFO_TCP { CTA_PROTOINFO_TCP_STATE u8,
    ///                  CTA_PROTOINFO_TCP_FLAGS_ORIGINAL, _REPLY { IP_CT_TCP_FLAG_BE_LIBERAL, mask the same } } }]
    /// </code>
    /// nf_conntrack_netlink.c, ctnetlink_create_conntrack: both tuples and CTA_TIMEOUT are required;
    /// CTA_NAT_DST goes through nf_nat_setup_info as the data plane's <c>dnat</c> would, so the entry
    /// gets IPS_DST_NAT and a reply tuple from the server only when the reply sent is the un-NATed one
    /// (a reply tuple already from the server leaves nothing to translate and the entry un-NATed).
    /// The kernel sets IPS_CONFIRMED before it applies CTA_STATUS and refuses to clear it (EBUSY on
    /// older kernels), so the status sent includes it. The window history of a flow picked up in
    /// mid-stream is unknown: BE_LIBERAL in both directions keeps conntrack from marking its packets
    /// invalid for being out of the window it can only guess (what conntrackd sets on entries it
    /// commits). NLM_F_EXCL: an entry that exists already is answered EEXIST and left as it is (an
    /// update could not change its NAT anyway: EOPNOTSUPP).
    /// </summary>
    public static void WriteCreate(NetlinkMessageWriter writer, ConntrackEntry entry)
    {
        var original = entry.Original;
        writer.BeginMessage(
            NfNetlinkConstants.CtNetlinkType(NfConntrack.IPCTNL_MSG_CT_NEW),
            NetlinkMessageFlags.Request | NetlinkMessageFlags.Ack | NetlinkMessageFlags.Create | NetlinkMessageFlags.Exclusive);
        WriteNfgenmsg(writer, original.Source.AddressFamily);
        WriteTuple(writer, NfConntrack.CTA_TUPLE_ORIG, original);
        WriteTuple(writer, NfConntrack.CTA_TUPLE_REPLY, new ConntrackTuple(original.Protocol, original.Destination, original.DestinationPort, original.Source, original.SourcePort));
        if (entry.IsDestinationNat)
        {
            var v6 = original.Source.AddressFamily == AddressFamily.InterNetworkV6;
            var nat = writer.BeginNested(NfConntrack.CTA_NAT_DST);
            WriteAddress(writer, v6 ? NfConntrack.CTA_NAT_V6_MINIP : NfConntrack.CTA_NAT_V4_MINIP, entry.Reply.Source);
            WriteAddress(writer, v6 ? NfConntrack.CTA_NAT_V6_MAXIP : NfConntrack.CTA_NAT_V4_MAXIP, entry.Reply.Source);
            if (original.HasPorts)
            {
                var proto = writer.BeginNested(NfConntrack.CTA_NAT_PROTO);
                writer.WriteUInt16(NfConntrack.CTA_PROTONAT_PORT_MIN, entry.Reply.SourcePort, NetlinkByteOrder.Network);
                writer.WriteUInt16(NfConntrack.CTA_PROTONAT_PORT_MAX, entry.Reply.SourcePort, NetlinkByteOrder.Network);
                writer.EndNested(proto);
            }

            writer.EndNested(nat);
        }

        var status = ConntrackStatus.Confirmed | (entry.Status & (ConntrackStatus.SeenReply | ConntrackStatus.Assured));
        writer.WriteUInt32(NfConntrack.CTA_STATUS, (uint)status, NetlinkByteOrder.Network);
        var seconds = entry.Timeout is { } timeout ? Math.Clamp((long)timeout.TotalSeconds, 1, uint.MaxValue) : 1;
        writer.WriteUInt32(NfConntrack.CTA_TIMEOUT, (uint)seconds, NetlinkByteOrder.Network);
        if (entry.Mark != 0)
        {
            writer.WriteUInt32(NfConntrack.CTA_MARK, entry.Mark, NetlinkByteOrder.Network);
        }

        if (entry.Zone != 0)
        {
            writer.WriteUInt16(NfConntrack.CTA_ZONE, entry.Zone, NetlinkByteOrder.Network);
        }

        if (original.Protocol == ProtocolType.Tcp && entry.TcpState is { } state)
        {
            var protoinfo = writer.BeginNested(NfConntrack.CTA_PROTOINFO);
            var tcp = writer.BeginNested(NfConntrack.CTA_PROTOINFO_TCP);
            writer.WriteUInt8(NfConntrack.CTA_PROTOINFO_TCP_STATE, (byte)state);
            ReadOnlySpan<byte> liberal = [NfConntrack.IP_CT_TCP_FLAG_BE_LIBERAL, NfConntrack.IP_CT_TCP_FLAG_BE_LIBERAL];
            writer.WriteAttribute(NfConntrack.CTA_PROTOINFO_TCP_FLAGS_ORIGINAL, liberal);
            writer.WriteAttribute(NfConntrack.CTA_PROTOINFO_TCP_FLAGS_REPLY, liberal);
            writer.EndNested(tcp);
            writer.EndNested(protoinfo);
        }

        writer.EndMessage();
    }

    /// <summary>
    /// IPCTNL_MSG_CT_DELETE by original tuple only (no CTA_ID), acknowledged: deletes whatever entry
    /// holds the tuple in this namespace — for an entry another node created and then saw end, whose
    /// id here is unknown.
    /// </summary>
    public static void WriteDeleteByTuple(NetlinkMessageWriter writer, ConntrackTuple original, ushort zone = 0)
    {
        writer.BeginMessage(NfNetlinkConstants.CtNetlinkType(NfConntrack.IPCTNL_MSG_CT_DELETE), NetlinkMessageFlags.Request | NetlinkMessageFlags.Ack);
        WriteNfgenmsg(writer, original.Source.AddressFamily);
        WriteTuple(writer, NfConntrack.CTA_TUPLE_ORIG, original);
        if (zone != 0)
        {
            writer.WriteUInt16(NfConntrack.CTA_ZONE, zone, NetlinkByteOrder.Network);
        }

        writer.EndMessage();
    }

    /// <summary>A complete tuple nest: what the kernel needs to find an entry.</summary>
    public static void WriteTuple(NetlinkMessageWriter writer, ushort type, ConntrackTuple tuple)
    {
        var nest = writer.BeginNested(type);
        var ip = writer.BeginNested(NfConntrack.CTA_TUPLE_IP);
        var v6 = tuple.Source.AddressFamily == AddressFamily.InterNetworkV6;
        WriteAddress(writer, v6 ? NfConntrack.CTA_IP_V6_SRC : NfConntrack.CTA_IP_V4_SRC, tuple.Source);
        WriteAddress(writer, v6 ? NfConntrack.CTA_IP_V6_DST : NfConntrack.CTA_IP_V4_DST, tuple.Destination);
        writer.EndNested(ip);
        var proto = writer.BeginNested(NfConntrack.CTA_TUPLE_PROTO);
        writer.WriteUInt8(NfConntrack.CTA_PROTO_NUM, (byte)tuple.Protocol);
        if (tuple.HasPorts)
        {
            writer.WriteUInt16(NfConntrack.CTA_PROTO_SRC_PORT, tuple.SourcePort, NetlinkByteOrder.Network);
            writer.WriteUInt16(NfConntrack.CTA_PROTO_DST_PORT, tuple.DestinationPort, NetlinkByteOrder.Network);
        }
        else if (tuple.Protocol is ProtocolType.Icmp or ProtocolType.IcmpV6)
        {
            var v6Icmp = tuple.Protocol == ProtocolType.IcmpV6;
            writer.WriteUInt16(v6Icmp ? NfConntrack.CTA_PROTO_ICMPV6_ID : NfConntrack.CTA_PROTO_ICMP_ID, tuple.SourcePort, NetlinkByteOrder.Network);
            writer.WriteUInt8(v6Icmp ? NfConntrack.CTA_PROTO_ICMPV6_TYPE : NfConntrack.CTA_PROTO_ICMP_TYPE, (byte)(tuple.DestinationPort >> 8));
            writer.WriteUInt8(v6Icmp ? NfConntrack.CTA_PROTO_ICMPV6_CODE : NfConntrack.CTA_PROTO_ICMP_CODE, (byte)tuple.DestinationPort);
        }

        writer.EndNested(proto);
        writer.EndNested(nest);
    }

    private static void WriteNfgenmsg(NetlinkMessageWriter writer, AddressFamily? family)
    {
        var nfproto = family switch
        {
            AddressFamily.InterNetwork => NfConntrack.NFPROTO_IPV4,
            AddressFamily.InterNetworkV6 => NfConntrack.NFPROTO_IPV6,
            _ => NfConntrack.NFPROTO_UNSPEC,
        };
        new nfgenmsg(nfproto, nfgenmsg.NFNETLINK_V0, 0).Write(writer.WriteFamilyHeader(nfgenmsg.Size));
    }

    private static uint WriteFilterTuple(NetlinkMessageWriter writer, ushort type, ProtocolType? protocol, IPAddress? address, bool isSource, ushort? port)
    {
        if (address is null && port is null && protocol is null)
        {
            return 0;
        }

        uint flags = 0;
        var nest = writer.BeginNested(type);
        if (address is not null)
        {
            var v6 = address.AddressFamily == AddressFamily.InterNetworkV6;
            var ip = writer.BeginNested(NfConntrack.CTA_TUPLE_IP);
            WriteAddress(writer, (v6, isSource) switch
            {
                (false, true) => NfConntrack.CTA_IP_V4_SRC,
                (false, false) => NfConntrack.CTA_IP_V4_DST,
                (true, true) => NfConntrack.CTA_IP_V6_SRC,
                (true, false) => NfConntrack.CTA_IP_V6_DST,
            }, address);
            writer.EndNested(ip);
            flags |= isSource ? NfConntrack.CTA_FILTER_F_CTA_IP_SRC : NfConntrack.CTA_FILTER_F_CTA_IP_DST;
        }

        if (protocol is { } number)
        {
            var proto = writer.BeginNested(NfConntrack.CTA_TUPLE_PROTO);
            writer.WriteUInt8(NfConntrack.CTA_PROTO_NUM, (byte)number);
            flags |= NfConntrack.CTA_FILTER_F_CTA_PROTO_NUM;
            if (port is { } value)
            {
                writer.WriteUInt16(isSource ? NfConntrack.CTA_PROTO_SRC_PORT : NfConntrack.CTA_PROTO_DST_PORT, value, NetlinkByteOrder.Network);
                flags |= isSource ? NfConntrack.CTA_FILTER_F_CTA_PROTO_SRC_PORT : NfConntrack.CTA_FILTER_F_CTA_PROTO_DST_PORT;
            }

            writer.EndNested(proto);
        }

        writer.EndNested(nest);
        return flags;
    }

    private static void WriteAddress(NetlinkMessageWriter writer, ushort type, IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var written);
        writer.WriteAttribute(type, bytes[..written]);
    }
}
