namespace Fulcrum.Linux.Nftables;

/// <summary>Set flags (enum nft_set_flags, include/uapi/linux/netfilter/nf_tables.h).</summary>
[Flags]
public enum NftSetFlags : uint
{
    /// <summary>A plain set.</summary>
    None = 0,

    /// <summary>NFT_SET_ANONYMOUS: bound to one rule, deleted with it.</summary>
    Anonymous = 0x1,

    /// <summary>NFT_SET_CONSTANT: <c>flags constant</c>.</summary>
    Constant = 0x2,

    /// <summary>NFT_SET_INTERVAL: <c>flags interval</c>; elements are ranges.</summary>
    Interval = 0x4,

    /// <summary>NFT_SET_MAP: a map (elements carry data).</summary>
    Map = 0x8,

    /// <summary>NFT_SET_TIMEOUT: <c>flags timeout</c>; elements may expire.</summary>
    Timeout = 0x10,

    /// <summary>NFT_SET_EVAL: <c>flags dynamic</c>; updated from the packet path.</summary>
    Eval = 0x20,

    /// <summary>NFT_SET_OBJECT: an object map.</summary>
    ObjectMap = 0x40,

    /// <summary>NFT_SET_CONCAT: an interval set over a concatenation (needs field lengths).</summary>
    Concat = 0x80,
}
