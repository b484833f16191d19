namespace Fulcrum.Linux.Nftables.Expressions;

/// <summary>Packet metadata keys Fulcrum uses (enum nft_meta_keys, nf_tables.h).</summary>
public enum NftMetaKey : uint
{
    /// <summary>NFT_META_LEN: <c>meta length</c>.</summary>
    Length = 0,

    /// <summary>NFT_META_PROTOCOL: <c>meta protocol</c> (ethertype).</summary>
    Protocol = 1,

    /// <summary>NFT_META_MARK: <c>meta mark</c>.</summary>
    Mark = 3,

    /// <summary>NFT_META_IIF: <c>meta iif</c>.</summary>
    InputInterface = 4,

    /// <summary>NFT_META_OIF: <c>meta oif</c>.</summary>
    OutputInterface = 5,

    /// <summary>NFT_META_IIFNAME: <c>meta iifname</c>.</summary>
    InputInterfaceName = 6,

    /// <summary>NFT_META_OIFNAME: <c>meta oifname</c>.</summary>
    OutputInterfaceName = 7,

    /// <summary>NFT_META_NFPROTO: <c>meta nfproto</c> (ipv4/ipv6 in inet tables).</summary>
    NfProto = 15,

    /// <summary>NFT_META_L4PROTO: <c>meta l4proto</c>.</summary>
    L4Proto = 16,
}
