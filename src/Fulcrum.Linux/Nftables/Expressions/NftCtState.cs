namespace Fulcrum.Linux.Nftables.Expressions;

/// <summary>
/// <c>ct state</c> bits: NF_CT_STATE_BIT(ctinfo) = 1 &lt;&lt; (ctinfo + 1) and NF_CT_STATE_INVALID_BIT
/// (include/uapi/linux/netfilter/nf_conntrack_common.h).
/// </summary>
[Flags]
public enum NftCtState : uint
{
    /// <summary>No state.</summary>
    None = 0,

    /// <summary>NF_CT_STATE_INVALID_BIT: <c>invalid</c>.</summary>
    Invalid = 1 << 0,

    /// <summary>IP_CT_ESTABLISHED: <c>established</c>.</summary>
    Established = 1 << 1,

    /// <summary>IP_CT_RELATED: <c>related</c>.</summary>
    Related = 1 << 2,

    /// <summary>IP_CT_NEW: <c>new</c>.</summary>
    New = 1 << 3,

    /// <summary>NF_CT_STATE_UNTRACKED_BIT: <c>untracked</c>.</summary>
    Untracked = 1 << 6,
}
