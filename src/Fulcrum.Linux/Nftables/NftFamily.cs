namespace Fulcrum.Linux.Nftables;

/// <summary>nf_tables address families, named as <c>nft</c> names them (NFPROTO_*, include/uapi/linux/netfilter.h).</summary>
public enum NftFamily : byte
{
    /// <summary>NFPROTO_INET: <c>nft add table inet ...</c>, IPv4 and IPv6 together.</summary>
    Inet = 1,

    /// <summary>NFPROTO_IPV4: <c>nft add table ip ...</c>.</summary>
    Ip = 2,

    /// <summary>NFPROTO_ARP: <c>nft add table arp ...</c>.</summary>
    Arp = 3,

    /// <summary>NFPROTO_NETDEV: <c>nft add table netdev ...</c>.</summary>
    Netdev = 5,

    /// <summary>NFPROTO_BRIDGE: <c>nft add table bridge ...</c>.</summary>
    Bridge = 7,

    /// <summary>NFPROTO_IPV6: <c>nft add table ip6 ...</c>.</summary>
    Ip6 = 10,
}
