namespace Fulcrum.Linux.Nftables.Expressions;

/// <summary>
/// NAT range flags (NF_NAT_RANGE_*, include/uapi/linux/netfilter/nf_nat.h). The kernel sets
/// MapIps and ProtoSpecified itself when address and port registers are given; the rest are the
/// user's <c>random</c>, <c>fully-random</c>, <c>persistent</c>.
/// </summary>
[Flags]
public enum NftNatFlags : uint
{
    /// <summary>No flags.</summary>
    None = 0,

    /// <summary>NF_NAT_RANGE_MAP_IPS.</summary>
    MapIps = 1 << 0,

    /// <summary>NF_NAT_RANGE_PROTO_SPECIFIED.</summary>
    ProtoSpecified = 1 << 1,

    /// <summary>NF_NAT_RANGE_PROTO_RANDOM: <c>random</c>.</summary>
    ProtoRandom = 1 << 2,

    /// <summary>NF_NAT_RANGE_PERSISTENT: <c>persistent</c>.</summary>
    Persistent = 1 << 3,

    /// <summary>NF_NAT_RANGE_PROTO_RANDOM_FULLY: <c>fully-random</c>.</summary>
    ProtoRandomFully = 1 << 4,
}
