namespace Fulcrum.Linux.Interop;

/// <summary>ctnetlink constants, verbatim from include/uapi/linux/netfilter/nfnetlink_conntrack.h.</summary>
internal static partial class NfConntrack
{
    // enum cntl_msg_types
    public const byte IPCTNL_MSG_CT_NEW = 0;
    public const byte IPCTNL_MSG_CT_GET = 1;
    public const byte IPCTNL_MSG_CT_DELETE = 2;
    public const byte IPCTNL_MSG_CT_GET_CTRZERO = 3;
    public const byte IPCTNL_MSG_CT_GET_STATS_CPU = 4;
    public const byte IPCTNL_MSG_CT_GET_STATS = 5;

    // include/uapi/linux/netfilter/nfnetlink.h: enum nfnetlink_groups (bit n-1 of nl_groups, or setsockopt
    // NETLINK_ADD_MEMBERSHIP with n).
    public const uint NFNLGRP_CONNTRACK_NEW = 1;
    public const uint NFNLGRP_CONNTRACK_UPDATE = 2;
    public const uint NFNLGRP_CONNTRACK_DESTROY = 3;

    // include/uapi/linux/netfilter.h: NFPROTO_* (equal to AF_INET / AF_INET6), the nfgen_family of a request.
    public const byte NFPROTO_UNSPEC = 0;
    public const byte NFPROTO_IPV4 = 2;
    public const byte NFPROTO_IPV6 = 10;

    /// <summary>The kernel's name of a message type, for error messages.</summary>
    public static string MessageName(byte message) => message switch
    {
        IPCTNL_MSG_CT_NEW => nameof(IPCTNL_MSG_CT_NEW),
        IPCTNL_MSG_CT_GET => nameof(IPCTNL_MSG_CT_GET),
        IPCTNL_MSG_CT_DELETE => nameof(IPCTNL_MSG_CT_DELETE),
        IPCTNL_MSG_CT_GET_CTRZERO => nameof(IPCTNL_MSG_CT_GET_CTRZERO),
        IPCTNL_MSG_CT_GET_STATS_CPU => nameof(IPCTNL_MSG_CT_GET_STATS_CPU),
        IPCTNL_MSG_CT_GET_STATS => nameof(IPCTNL_MSG_CT_GET_STATS),
        _ => "IPCTNL_MSG_CT_" + message.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
