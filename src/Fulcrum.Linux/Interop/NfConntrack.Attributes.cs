namespace Fulcrum.Linux.Interop;

/// <summary>
/// ctnetlink attribute types, verbatim from include/uapi/linux/netfilter/nfnetlink_conntrack.h.
/// Every integer attribute is big-endian on the wire except CTA_PROTO_NUM and the TCP state (u8).
/// </summary>
internal static partial class NfConntrack
{
    // enum ctattr_type
    public const ushort CTA_TUPLE_ORIG = 1;
    public const ushort CTA_TUPLE_REPLY = 2;
    public const ushort CTA_STATUS = 3;
    public const ushort CTA_PROTOINFO = 4;
    public const ushort CTA_HELP = 5;
    public const ushort CTA_NAT_SRC = 6;
    public const ushort CTA_TIMEOUT = 7;
    public const ushort CTA_MARK = 8;
    public const ushort CTA_COUNTERS_ORIG = 9;
    public const ushort CTA_COUNTERS_REPLY = 10;
    public const ushort CTA_USE = 11;
    public const ushort CTA_ID = 12;
    public const ushort CTA_NAT_DST = 13;
    public const ushort CTA_TUPLE_MASTER = 14;
    public const ushort CTA_SEQ_ADJ_ORIG = 15;
    public const ushort CTA_SEQ_ADJ_REPLY = 16;
    public const ushort CTA_SECMARK = 17;
    public const ushort CTA_ZONE = 18;
    public const ushort CTA_SECCTX = 19;
    public const ushort CTA_TIMESTAMP = 20;
    public const ushort CTA_MARK_MASK = 21;
    public const ushort CTA_LABELS = 22;
    public const ushort CTA_LABELS_MASK = 23;
    public const ushort CTA_SYNPROXY = 24;
    public const ushort CTA_FILTER = 25;
    public const ushort CTA_STATUS_MASK = 26;

    // enum ctattr_tuple
    public const ushort CTA_TUPLE_IP = 1;
    public const ushort CTA_TUPLE_PROTO = 2;
    public const ushort CTA_TUPLE_ZONE = 3;

    // enum ctattr_ip
    public const ushort CTA_IP_V4_SRC = 1;
    public const ushort CTA_IP_V4_DST = 2;
    public const ushort CTA_IP_V6_SRC = 3;
    public const ushort CTA_IP_V6_DST = 4;

    // enum ctattr_l4proto
    public const ushort CTA_PROTO_NUM = 1;
    public const ushort CTA_PROTO_SRC_PORT = 2;
    public const ushort CTA_PROTO_DST_PORT = 3;
    public const ushort CTA_PROTO_ICMP_ID = 4;
    public const ushort CTA_PROTO_ICMP_TYPE = 5;
    public const ushort CTA_PROTO_ICMP_CODE = 6;
    public const ushort CTA_PROTO_ICMPV6_ID = 7;
    public const ushort CTA_PROTO_ICMPV6_TYPE = 8;
    public const ushort CTA_PROTO_ICMPV6_CODE = 9;

    // enum ctattr_protoinfo
    public const ushort CTA_PROTOINFO_TCP = 1;

    // enum ctattr_protoinfo_tcp
    public const ushort CTA_PROTOINFO_TCP_STATE = 1;
    public const ushort CTA_PROTOINFO_TCP_WSCALE_ORIGINAL = 2;
    public const ushort CTA_PROTOINFO_TCP_WSCALE_REPLY = 3;
    public const ushort CTA_PROTOINFO_TCP_FLAGS_ORIGINAL = 4;
    public const ushort CTA_PROTOINFO_TCP_FLAGS_REPLY = 5;

    // include/uapi/linux/netfilter/nf_conntrack_tcp.h: struct nf_ct_tcp_flags { __u8 flags; __u8 mask; } bits
    public const byte IP_CT_TCP_FLAG_WINDOW_SCALE = 0x01;
    public const byte IP_CT_TCP_FLAG_SACK_PERM = 0x02;
    public const byte IP_CT_TCP_FLAG_CLOSE_INIT = 0x04;
    public const byte IP_CT_TCP_FLAG_BE_LIBERAL = 0x08;

    // enum ctattr_nat
    public const ushort CTA_NAT_V4_MINIP = 1;
    public const ushort CTA_NAT_V4_MAXIP = 2;
    public const ushort CTA_NAT_PROTO = 3;
    public const ushort CTA_NAT_V6_MINIP = 4;
    public const ushort CTA_NAT_V6_MAXIP = 5;

    // enum ctattr_protonat
    public const ushort CTA_PROTONAT_PORT_MIN = 1;
    public const ushort CTA_PROTONAT_PORT_MAX = 2;

    // enum ctattr_counters
    public const ushort CTA_COUNTERS_PACKETS = 1;
    public const ushort CTA_COUNTERS_BYTES = 2;

    // enum ctattr_stats_cpu: one message per CPU in the IPCTNL_MSG_CT_GET_STATS_CPU dump (nfgenmsg
    // res_id = the CPU), each counter be32. The unlisted ones are no longer used by the kernel.
    public const ushort CTA_STATS_FOUND = 2;
    public const ushort CTA_STATS_INVALID = 4;
    public const ushort CTA_STATS_INSERT = 8;
    public const ushort CTA_STATS_INSERT_FAILED = 9;
    public const ushort CTA_STATS_DROP = 10;
    public const ushort CTA_STATS_EARLY_DROP = 11;
    public const ushort CTA_STATS_ERROR = 12;
    public const ushort CTA_STATS_SEARCH_RESTART = 13;
    public const ushort CTA_STATS_CLASH_RESOLVE = 14;
    public const ushort CTA_STATS_CHAIN_TOOLONG = 15;

    // enum ctattr_stats_global: the IPCTNL_MSG_CT_GET_STATS reply, each be32.
    public const ushort CTA_STATS_GLOBAL_ENTRIES = 1;
    public const ushort CTA_STATS_GLOBAL_MAX_ENTRIES = 2;

    // enum ctattr_filter (kernel 5.9+)
    public const ushort CTA_FILTER_ORIG_FLAGS = 1;
    public const ushort CTA_FILTER_REPLY_FLAGS = 2;

    // Not UAPI: net/netfilter/nf_internals.h, the tuple fields a CTA_FILTER compares. The kernel
    // rejects unknown bits with EOPNOTSUPP, so these values are part of its ABI.
    public const uint CTA_FILTER_F_CTA_IP_SRC = 1 << 0;
    public const uint CTA_FILTER_F_CTA_IP_DST = 1 << 1;
    public const uint CTA_FILTER_F_CTA_TUPLE_ZONE = 1 << 2;
    public const uint CTA_FILTER_F_CTA_PROTO_NUM = 1 << 3;
    public const uint CTA_FILTER_F_CTA_PROTO_SRC_PORT = 1 << 4;
    public const uint CTA_FILTER_F_CTA_PROTO_DST_PORT = 1 << 5;
}
