namespace Fulcrum.Linux.Interop;

/// <summary>nfnetlink constants (include/uapi/linux/netfilter/nfnetlink.h).</summary>
internal static class NfNetlinkConstants
{
    // enum of NFNL_SUBSYS_* ids
    public const byte NFNL_SUBSYS_CTNETLINK = 1;
    public const byte NFNL_SUBSYS_NFTABLES = 10;
    public const ushort NFNL_MSG_BATCH_BEGIN = NetlinkConstants.NLMSG_MIN_TYPE;
    public const ushort NFNL_MSG_BATCH_END = NetlinkConstants.NLMSG_MIN_TYPE + 1;

    /// <summary>nlmsg_type of an nf_tables message: subsystem in the high byte, NFT_MSG_* in the low byte.</summary>
    public static ushort NfTablesType(byte message) => (ushort)((NFNL_SUBSYS_NFTABLES << 8) | message);

    /// <summary>nlmsg_type of a ctnetlink message: subsystem in the high byte, IPCTNL_MSG_CT_* in the low byte.</summary>
    public static ushort CtNetlinkType(byte message) => (ushort)((NFNL_SUBSYS_CTNETLINK << 8) | message);
}
