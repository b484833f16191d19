namespace Fulcrum.Linux.Nftables.Expressions;

/// <summary>What a <see cref="DynsetExpression"/> does to the set (enum nft_dynset_ops, include/uapi/linux/netfilter/nf_tables.h).</summary>
public enum NftDynsetOperation : uint
{
    /// <summary>NFT_DYNSET_OP_ADD: <c>add @s { ... }</c>, an existing element is left as it is.</summary>
    Add = 0,

    /// <summary>NFT_DYNSET_OP_UPDATE: <c>update @s { ... }</c>, an existing element's timeout is refreshed (its data is kept).</summary>
    Update = 1,

    /// <summary>NFT_DYNSET_OP_DELETE: <c>delete @s { ... }</c>.</summary>
    Delete = 2,
}
