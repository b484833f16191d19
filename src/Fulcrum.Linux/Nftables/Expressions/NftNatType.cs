namespace Fulcrum.Linux.Nftables.Expressions;

/// <summary>NAT kinds (enum nft_nat_types, nf_tables.h).</summary>
public enum NftNatType : uint
{
    /// <summary>NFT_NAT_SNAT: <c>snat</c>.</summary>
    Source = 0,

    /// <summary>NFT_NAT_DNAT: <c>dnat</c>.</summary>
    Destination = 1,
}
