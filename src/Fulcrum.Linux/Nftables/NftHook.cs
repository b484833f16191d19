namespace Fulcrum.Linux.Nftables;

/// <summary>Netfilter hooks of the ip/ip6/inet families (enum nf_inet_hooks, include/uapi/linux/netfilter.h).</summary>
public enum NftHook : uint
{
    /// <summary>NF_INET_PRE_ROUTING: <c>hook prerouting</c>.</summary>
    Prerouting = 0,

    /// <summary>NF_INET_LOCAL_IN: <c>hook input</c>.</summary>
    Input = 1,

    /// <summary>NF_INET_FORWARD: <c>hook forward</c>.</summary>
    Forward = 2,

    /// <summary>NF_INET_LOCAL_OUT: <c>hook output</c>.</summary>
    Output = 3,

    /// <summary>NF_INET_POST_ROUTING: <c>hook postrouting</c>.</summary>
    Postrouting = 4,
}
