using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Linux.Conntrack;

/// <summary>
/// Parses the IPCTNL_MSG_CT_NEW messages a dump (and the NEW/DESTROY events) carry:
/// <code>
/// nfgenmsg { family }
/// CTA_TUPLE_ORIG  { CTA_TUPLE_IP { V4_SRC, V4_DST | V6_SRC, V6_DST }, CTA_TUPLE_PROTO { NUM u8, SRC_PORT be16, DST_PORT be16 }, [CTA_TUPLE_ZONE] }
/// CTA_TUPLE_REPLY { ... }
/// [CTA_ZONE be16] CTA_ID be32  CTA_STATUS be32  CTA_MARK be32  CTA_USE be32
/// CTA_TIMEOUT be32 (seconds)   CTA_PROTOINFO { CTA_PROTOINFO_TCP { CTA_PROTOINFO_TCP_STATE u8, ... } }
/// [CTA_COUNTERS_ORIG { PACKETS be64, BYTES be64 }  CTA_COUNTERS_REPLY { ... }]   (nf_conntrack_acct=1)
/// </code>
/// (net/netfilter/nf_conntrack_netlink.c, ctnetlink_fill_info.) Unknown attributes are skipped.
/// </summary>
internal static class ConntrackEntryParser
{
    /// <summary>True for the message type of a dumped entry or a NEW / UPDATE event.</summary>
    public static bool IsEntry(in NetlinkMessage message) =>
        message.Type == NfNetlinkConstants.CtNetlinkType(NfConntrack.IPCTNL_MSG_CT_NEW);

    /// <summary>True for the message type of a DESTROY event.</summary>
    public static bool IsDestroy(in NetlinkMessage message) =>
        message.Type == NfNetlinkConstants.CtNetlinkType(NfConntrack.IPCTNL_MSG_CT_DELETE);

    /// <summary>Parses one entry.</summary>
    /// <exception cref="NetlinkProtocolException">A required attribute is missing or malformed.</exception>
    public static ConntrackEntry Parse(in NetlinkMessage message)
    {
        ConntrackTuple? original = null;
        ConntrackTuple? reply = null;
        uint id = 0;
        var status = ConntrackStatus.None;
        uint mark = 0;
        TimeSpan? timeout = null;
        ConntrackTcpState? tcpState = null;
        ConntrackCounters? originalCounters = null;
        ConntrackCounters? replyCounters = null;
        ushort zone = 0;
        var attributes = message.Attributes(nfgenmsg.Size);
        while (attributes.TryRead(out var attribute))
        {
            switch (attribute.Type)
            {
                case NfConntrack.CTA_TUPLE_ORIG:
                    original = ReadTuple(attribute);
                    break;
                case NfConntrack.CTA_TUPLE_REPLY:
                    reply = ReadTuple(attribute);
                    break;
                case NfConntrack.CTA_ID:
                    id = attribute.GetUInt32(NetlinkByteOrder.Network);
                    break;
                case NfConntrack.CTA_STATUS:
                    status = (ConntrackStatus)attribute.GetUInt32(NetlinkByteOrder.Network);
                    break;
                case NfConntrack.CTA_MARK:
                    mark = attribute.GetUInt32(NetlinkByteOrder.Network);
                    break;
                case NfConntrack.CTA_TIMEOUT:
                    timeout = TimeSpan.FromSeconds(attribute.GetUInt32(NetlinkByteOrder.Network));
                    break;
                case NfConntrack.CTA_PROTOINFO:
                    tcpState = ReadTcpState(attribute);
                    break;
                case NfConntrack.CTA_COUNTERS_ORIG:
                    originalCounters = ReadCounters(attribute);
                    break;
                case NfConntrack.CTA_COUNTERS_REPLY:
                    replyCounters = ReadCounters(attribute);
                    break;
                case NfConntrack.CTA_ZONE:
                    zone = ReadUInt16(attribute);
                    break;
                default:
                    break;
            }
        }

        if (original is null || reply is null)
        {
            throw new NetlinkProtocolException($"A conntrack entry (id {id}) lacks its {(original is null ? "original" : "reply")} tuple.");
        }

        return new ConntrackEntry(id, original, reply, status, mark, timeout, tcpState, originalCounters, replyCounters, zone);
    }

    /// <summary>
    /// Reads only what counting needs (mark, status, protocol, TCP state, counters), without
    /// allocating: a per-second count over 100,000 entries must not build 100,000 records.
    /// </summary>
    public static ConntrackFlowSummary Summarize(in NetlinkMessage message)
    {
        var summary = default(ConntrackFlowSummary);
        var attributes = message.Attributes(nfgenmsg.Size);
        while (attributes.TryRead(out var attribute))
        {
            switch (attribute.Type)
            {
                case NfConntrack.CTA_TUPLE_ORIG:
                    summary.Protocol = ReadProtocol(attribute);
                    var hash = default(HashCode);
                    hash.AddBytes(attribute.Value);
                    summary.OriginalTupleHash = hash.ToHashCode();
                    break;
                case NfConntrack.CTA_ID:
                    summary.Id = attribute.GetUInt32(NetlinkByteOrder.Network);
                    break;
                case NfConntrack.CTA_STATUS:
                    summary.Status = (ConntrackStatus)attribute.GetUInt32(NetlinkByteOrder.Network);
                    break;
                case NfConntrack.CTA_MARK:
                    summary.Mark = attribute.GetUInt32(NetlinkByteOrder.Network);
                    break;
                case NfConntrack.CTA_PROTOINFO:
                    summary.TcpState = ReadTcpState(attribute);
                    break;
                case NfConntrack.CTA_COUNTERS_ORIG:
                case NfConntrack.CTA_COUNTERS_REPLY:
                    summary.Counters = (summary.Counters ?? default) + ReadCounters(attribute);
                    break;
                default:
                    break;
            }
        }

        return summary;
    }

    private static ConntrackTuple ReadTuple(in NetlinkAttributeView tuple)
    {
        IPAddress? source = null;
        IPAddress? destination = null;
        var protocol = ProtocolType.Unknown;
        ushort sourcePort = 0;
        ushort destinationPort = 0;
        var fields = tuple.GetNested();
        while (fields.TryRead(out var field))
        {
            switch (field.Type)
            {
                case NfConntrack.CTA_TUPLE_IP:
                    var addresses = field.GetNested();
                    while (addresses.TryRead(out var address))
                    {
                        switch (address.Type)
                        {
                            case NfConntrack.CTA_IP_V4_SRC:
                            case NfConntrack.CTA_IP_V6_SRC:
                                source = ReadAddress(address);
                                break;
                            case NfConntrack.CTA_IP_V4_DST:
                            case NfConntrack.CTA_IP_V6_DST:
                                destination = ReadAddress(address);
                                break;
                            default:
                                break;
                        }
                    }

                    break;
                case NfConntrack.CTA_TUPLE_PROTO:
                    var proto = field.GetNested();
                    while (proto.TryRead(out var item))
                    {
                        switch (item.Type)
                        {
                            case NfConntrack.CTA_PROTO_NUM:
                                protocol = (ProtocolType)ReadUInt8(item);
                                break;
                            case NfConntrack.CTA_PROTO_SRC_PORT:
                            case NfConntrack.CTA_PROTO_ICMP_ID:
                            case NfConntrack.CTA_PROTO_ICMPV6_ID:
                                sourcePort = ReadUInt16(item);
                                break;
                            case NfConntrack.CTA_PROTO_DST_PORT:
                                destinationPort = ReadUInt16(item);
                                break;
                            case NfConntrack.CTA_PROTO_ICMP_TYPE:
                            case NfConntrack.CTA_PROTO_ICMPV6_TYPE:
                                destinationPort = (ushort)((ReadUInt8(item) << 8) | (destinationPort & 0xff));
                                break;
                            case NfConntrack.CTA_PROTO_ICMP_CODE:
                            case NfConntrack.CTA_PROTO_ICMPV6_CODE:
                                destinationPort = (ushort)((destinationPort & 0xff00) | ReadUInt8(item));
                                break;
                            default:
                                break;
                        }
                    }

                    break;
                default:
                    break;
            }
        }

        if (source is null || destination is null)
        {
            throw new NetlinkProtocolException("A conntrack tuple lacks its addresses.");
        }

        return new ConntrackTuple(protocol, source, sourcePort, destination, destinationPort);
    }

    private static ProtocolType ReadProtocol(in NetlinkAttributeView tuple)
    {
        var fields = tuple.GetNested();
        while (fields.TryRead(out var field))
        {
            if (field.Type != NfConntrack.CTA_TUPLE_PROTO)
            {
                continue;
            }

            var proto = field.GetNested();
            while (proto.TryRead(out var item))
            {
                if (item.Type == NfConntrack.CTA_PROTO_NUM)
                {
                    return (ProtocolType)ReadUInt8(item);
                }
            }
        }

        return ProtocolType.Unknown;
    }

    private static ConntrackTcpState? ReadTcpState(in NetlinkAttributeView protoinfo)
    {
        var protocols = protoinfo.GetNested();
        while (protocols.TryRead(out var protocol))
        {
            if (protocol.Type != NfConntrack.CTA_PROTOINFO_TCP)
            {
                continue;
            }

            var fields = protocol.GetNested();
            while (fields.TryRead(out var field))
            {
                if (field.Type == NfConntrack.CTA_PROTOINFO_TCP_STATE)
                {
                    return (ConntrackTcpState)ReadUInt8(field);
                }
            }
        }

        return null;
    }

    private static ConntrackCounters ReadCounters(in NetlinkAttributeView counters)
    {
        ulong packets = 0;
        ulong bytes = 0;
        var fields = counters.GetNested();
        while (fields.TryRead(out var field))
        {
            switch (field.Type)
            {
                case NfConntrack.CTA_COUNTERS_PACKETS:
                    packets = field.GetUInt64(NetlinkByteOrder.Network);
                    break;
                case NfConntrack.CTA_COUNTERS_BYTES:
                    bytes = field.GetUInt64(NetlinkByteOrder.Network);
                    break;
                default:
                    break;
            }
        }

        return new ConntrackCounters(packets, bytes);
    }

    private static IPAddress ReadAddress(in NetlinkAttributeView address) => address.Value.Length is 4 or 16
        ? new IPAddress(address.Value)
        : throw new NetlinkProtocolException($"A conntrack address attribute has {address.Value.Length} byte(s).");

    private static byte ReadUInt8(in NetlinkAttributeView attribute) => attribute.Value.Length >= 1
        ? attribute.Value[0]
        : throw new NetlinkProtocolException($"Attribute {attribute.Type} is empty, a u8 needs 1 byte.");

    private static ushort ReadUInt16(in NetlinkAttributeView attribute) => attribute.Value.Length >= 2
        ? BinaryPrimitives.ReadUInt16BigEndian(attribute.Value)
        : throw new NetlinkProtocolException($"Attribute {attribute.Type} has {attribute.Value.Length} byte(s), a be16 needs 2.");
}
