namespace Fulcrum.Linux.Nftables.Expressions;

/// <summary>Comparison operators (enum nft_cmp_ops, nf_tables.h).</summary>
public enum NftCmpOperator : uint
{
    /// <summary>NFT_CMP_EQ: <c>==</c>.</summary>
    Equal = 0,

    /// <summary>NFT_CMP_NEQ: <c>!=</c>.</summary>
    NotEqual = 1,

    /// <summary>NFT_CMP_LT: <c>&lt;</c>.</summary>
    LessThan = 2,

    /// <summary>NFT_CMP_LTE: <c>&lt;=</c>.</summary>
    LessThanOrEqual = 3,

    /// <summary>NFT_CMP_GT: <c>&gt;</c>.</summary>
    GreaterThan = 4,

    /// <summary>NFT_CMP_GTE: <c>&gt;=</c>.</summary>
    GreaterThanOrEqual = 5,
}
