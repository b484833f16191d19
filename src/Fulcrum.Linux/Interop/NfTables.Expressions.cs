namespace Fulcrum.Linux.Interop;

internal static partial class NfTables
{
    // enum nft_payload_attributes
    public const ushort NFTA_PAYLOAD_DREG = 1;
    public const ushort NFTA_PAYLOAD_BASE = 2;
    public const ushort NFTA_PAYLOAD_OFFSET = 3;
    public const ushort NFTA_PAYLOAD_LEN = 4;

    // enum nft_meta_attributes
    public const ushort NFTA_META_DREG = 1;
    public const ushort NFTA_META_KEY = 2;

    // enum nft_cmp_attributes
    public const ushort NFTA_CMP_SREG = 1;
    public const ushort NFTA_CMP_OP = 2;
    public const ushort NFTA_CMP_DATA = 3;

    // enum nft_lookup_attributes
    public const ushort NFTA_LOOKUP_SET = 1;
    public const ushort NFTA_LOOKUP_SREG = 2;
    public const ushort NFTA_LOOKUP_DREG = 3;
    public const ushort NFTA_LOOKUP_SET_ID = 4;
    public const ushort NFTA_LOOKUP_FLAGS = 5;
    public const uint NFT_LOOKUP_F_INV = 1;

    // enum nft_immediate_attributes
    public const ushort NFTA_IMMEDIATE_DREG = 1;
    public const ushort NFTA_IMMEDIATE_DATA = 2;

    // enum nft_ng_attributes
    public const ushort NFTA_NG_DREG = 1;
    public const ushort NFTA_NG_MODULUS = 2;
    public const ushort NFTA_NG_TYPE = 3;
    public const ushort NFTA_NG_OFFSET = 4;

    // enum nft_hash_attributes
    public const ushort NFTA_HASH_SREG = 1;
    public const ushort NFTA_HASH_DREG = 2;
    public const ushort NFTA_HASH_LEN = 3;
    public const ushort NFTA_HASH_MODULUS = 4;
    public const ushort NFTA_HASH_SEED = 5;
    public const ushort NFTA_HASH_OFFSET = 6;
    public const ushort NFTA_HASH_TYPE = 7;
    public const uint NFT_HASH_JENKINS = 0;

    // enum nft_nat_attributes
    public const ushort NFTA_NAT_TYPE = 1;
    public const ushort NFTA_NAT_FAMILY = 2;
    public const ushort NFTA_NAT_REG_ADDR_MIN = 3;
    public const ushort NFTA_NAT_REG_ADDR_MAX = 4;
    public const ushort NFTA_NAT_REG_PROTO_MIN = 5;
    public const ushort NFTA_NAT_REG_PROTO_MAX = 6;
    public const ushort NFTA_NAT_FLAGS = 7;

    // enum nft_counter_attributes
    public const ushort NFTA_COUNTER_BYTES = 1;
    public const ushort NFTA_COUNTER_PACKETS = 2;

    // enum nft_ct_attributes
    public const ushort NFTA_CT_DREG = 1;
    public const ushort NFTA_CT_KEY = 2;
    public const ushort NFTA_CT_DIRECTION = 3;
    public const ushort NFTA_CT_SREG = 4;

    // enum nft_dynset_attributes
    public const ushort NFTA_DYNSET_SET_NAME = 1;
    public const ushort NFTA_DYNSET_SET_ID = 2;
    public const ushort NFTA_DYNSET_OP = 3;
    public const ushort NFTA_DYNSET_SREG_KEY = 4;
    public const ushort NFTA_DYNSET_SREG_DATA = 5;
    public const ushort NFTA_DYNSET_TIMEOUT = 6;
    public const ushort NFTA_DYNSET_EXPR = 7;
    public const ushort NFTA_DYNSET_FLAGS = 9;

    // enum nft_limit_attributes
    public const ushort NFTA_LIMIT_RATE = 1;
    public const ushort NFTA_LIMIT_UNIT = 2;
    public const ushort NFTA_LIMIT_BURST = 3;
    public const ushort NFTA_LIMIT_TYPE = 4;
    public const ushort NFTA_LIMIT_FLAGS = 5;
    public const uint NFT_LIMIT_PKTS = 0;
    public const uint NFT_LIMIT_F_INV = 1;

    // enum nft_log_attributes
    public const ushort NFTA_LOG_GROUP = 1;
    public const ushort NFTA_LOG_PREFIX = 2;

    // enum nft_fib_attributes, enum nft_fib_result, enum nft_fib_flags
    public const ushort NFTA_FIB_DREG = 1;
    public const ushort NFTA_FIB_RESULT = 2;
    public const ushort NFTA_FIB_FLAGS = 3;
    public const uint NFT_FIB_RESULT_OIF = 1;
    public const uint NFTA_FIB_F_SADDR = 1 << 0;
    public const uint NFTA_FIB_F_IIF = 1 << 3;
    public const uint NFT_FIB_RESULT_ADDRTYPE = 3;
    public const uint NFTA_FIB_F_DADDR = 1 << 1;

    // RTN_LOCAL (include/uapi/linux/rtnetlink.h): what fib ... type reports for an address of this host.
    public const uint RTN_LOCAL = 2;

    // enum nft_dup_attributes
    public const ushort NFTA_DUP_SREG_ADDR = 1;
    public const ushort NFTA_DUP_SREG_DEV = 2;

    // enum nft_synproxy_attributes; NF_SYNPROXY_OPT_* (include/uapi/linux/netfilter/nf_synproxy.h)
    public const ushort NFTA_SYNPROXY_MSS = 1;
    public const ushort NFTA_SYNPROXY_WSCALE = 2;
    public const ushort NFTA_SYNPROXY_FLAGS = 3;
    public const uint NF_SYNPROXY_OPT_MSS = 0x01;
    public const uint NF_SYNPROXY_OPT_WSCALE = 0x02;
    public const uint NF_SYNPROXY_OPT_SACK_PERM = 0x04;
    public const uint NF_SYNPROXY_OPT_TIMESTAMP = 0x08;

    // enum nft_exthdr_attributes, enum nft_exthdr_op
    public const ushort NFTA_EXTHDR_DREG = 1;
    public const ushort NFTA_EXTHDR_TYPE = 2;
    public const ushort NFTA_EXTHDR_OFFSET = 3;
    public const ushort NFTA_EXTHDR_LEN = 4;
    public const ushort NFTA_EXTHDR_FLAGS = 5;
    public const ushort NFTA_EXTHDR_OP = 6;
    public const ushort NFTA_EXTHDR_SREG = 7;
    public const uint NFT_EXTHDR_OP_TCPOPT = 1;

    // enum nft_connlimit_attributes, enum nft_connlimit_flags
    public const ushort NFTA_CONNLIMIT_COUNT = 1;
    public const ushort NFTA_CONNLIMIT_FLAGS = 2;
    public const uint NFT_CONNLIMIT_F_INV = 1;

    // enum nft_reject_attributes, enum nft_reject_types, enum nft_reject_inet_code
    public const ushort NFTA_REJECT_TYPE = 1;
    public const ushort NFTA_REJECT_ICMP_CODE = 2;
    public const uint NFT_REJECT_TCP_RST = 1;
    public const uint NFT_REJECT_ICMPX_UNREACH = 2;
    public const byte NFT_REJECT_ICMPX_PORT_UNREACH = 1;

    // enum nft_bitwise_attributes
    public const ushort NFTA_BITWISE_SREG = 1;
    public const ushort NFTA_BITWISE_DREG = 2;
    public const ushort NFTA_BITWISE_LEN = 3;
    public const ushort NFTA_BITWISE_MASK = 4;
    public const ushort NFTA_BITWISE_XOR = 5;

    // enum nft_range_attributes
    public const ushort NFTA_RANGE_SREG = 1;
    public const ushort NFTA_RANGE_OP = 2;
    public const ushort NFTA_RANGE_FROM_DATA = 3;
    public const ushort NFTA_RANGE_TO_DATA = 4;
}
