namespace Fulcrum.Linux.Netlink;

/// <summary>Netlink protocol families (include/uapi/linux/netlink.h).</summary>
public enum NetlinkProtocol
{
    /// <summary>NETLINK_ROUTE: links, addresses, routes (<c>ip</c>).</summary>
    Route = 0,

    /// <summary>NETLINK_NETFILTER: nfnetlink, nf_tables, conntrack (<c>nft</c>, <c>conntrack</c>).</summary>
    Netfilter = 12,

    /// <summary>NETLINK_GENERIC: generic netlink families such as IPVS (<c>ipvsadm</c>).</summary>
    Generic = 16,
}
