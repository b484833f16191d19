namespace Fulcrum.Linux.Nftables.Expressions;

/// <summary>Where a payload offset counts from (enum nft_payload_bases, nf_tables.h).</summary>
public enum NftPayloadBase : uint
{
    /// <summary>NFT_PAYLOAD_LL_HEADER: the link-layer header.</summary>
    LinkLayer = 0,

    /// <summary>NFT_PAYLOAD_NETWORK_HEADER: the IP header.</summary>
    Network = 1,

    /// <summary>NFT_PAYLOAD_TRANSPORT_HEADER: the TCP/UDP header (<c>th</c>).</summary>
    Transport = 2,
}
