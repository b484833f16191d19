namespace Fulcrum.Linux.Nftables.Expressions;

/// <summary>Number generator kinds (enum nft_ng_types, nf_tables.h).</summary>
public enum NftNumgenType : uint
{
    /// <summary>NFT_NG_INCREMENTAL: <c>numgen inc</c> (round robin).</summary>
    Incremental = 0,

    /// <summary>NFT_NG_RANDOM: <c>numgen random</c>.</summary>
    Random = 1,
}
