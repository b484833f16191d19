namespace Fulcrum.Linux.Nftables;

/// <summary>
/// Key and data type ids as nft stores them in NFTA_SET_KEY_TYPE / NFTA_SET_DATA_TYPE. The kernel
/// keeps them opaque; nft uses them to print elements. Ids from nftables include/datatype.h
/// (enum datatypes); a concatenation packs its fields' ids 6 bits apart (TYPE_BITS), first field
/// highest: <c>ipv4_addr . inet_service</c> = 7 &lt;&lt; 6 | 13 = 461.
/// </summary>
public static class NftDataType
{
    /// <summary>TYPE_INTEGER: <c>integer</c> (numgen, jhash results; host byte order).</summary>
    public const uint IntegerValue = 4;

    /// <summary>TYPE_IPADDR: <c>ipv4_addr</c>.</summary>
    public const uint Ipv4Address = 7;

    /// <summary>TYPE_IP6ADDR: <c>ipv6_addr</c>.</summary>
    public const uint Ipv6Address = 8;

    /// <summary>TYPE_ETHERADDR: <c>ether_addr</c>.</summary>
    public const uint EtherAddress = 9;

    /// <summary>TYPE_INETPROTO: <c>inet_proto</c>.</summary>
    public const uint InetProtocol = 12;

    /// <summary>TYPE_INETSERVICE: <c>inet_service</c> (a port).</summary>
    public const uint InetService = 13;

    /// <summary>TYPE_MARK: <c>mark</c>.</summary>
    public const uint Mark = 19;

    /// <summary>NFT_DATA_VERDICT (include/uapi/linux/netfilter/nf_tables.h): the data type of a verdict map.</summary>
    public const uint Verdict = 0xffffff00;

    private const int TypeBits = 6;

    /// <summary>The id of a concatenated type, e.g. <c>Concat(Ipv4Address, InetService)</c> for <c>ipv4_addr . inet_service</c>.</summary>
    public static uint Concat(params ReadOnlySpan<uint> fields)
    {
        uint type = 0;
        foreach (var field in fields)
        {
            type = (type << TypeBits) | field;
        }

        return type;
    }
}
