namespace Fulcrum.Linux.Nftables.Expressions;

/// <summary>Range operators (enum nft_range_ops, nf_tables.h).</summary>
public enum NftRangeOperator : uint
{
    /// <summary>NFT_RANGE_EQ: inside the range.</summary>
    Equal = 0,

    /// <summary>NFT_RANGE_NEQ: outside the range.</summary>
    NotEqual = 1,
}
