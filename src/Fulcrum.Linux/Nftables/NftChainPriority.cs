namespace Fulcrum.Linux.Nftables;

/// <summary>
/// Standard base-chain priorities, the numbers behind nft's names (enum nf_ip_hook_priorities,
/// include/uapi/linux/netfilter_ipv4.h).
/// </summary>
public static class NftChainPriority
{
    /// <summary><c>priority raw</c>.</summary>
    public const int Raw = -300;

    /// <summary><c>priority mangle</c>.</summary>
    public const int Mangle = -150;

    /// <summary><c>priority dstnat</c> (NF_IP_PRI_NAT_DST).</summary>
    public const int DestinationNat = -100;

    /// <summary><c>priority filter</c>.</summary>
    public const int Filter = 0;

    /// <summary><c>priority security</c>.</summary>
    public const int Security = 50;

    /// <summary><c>priority srcnat</c> (NF_IP_PRI_NAT_SRC).</summary>
    public const int SourceNat = 100;
}
