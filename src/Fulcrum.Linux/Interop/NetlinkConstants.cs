namespace Fulcrum.Linux.Interop;

/// <summary>Netlink and socket constants, verbatim from the kernel headers they cite.</summary>
internal static class NetlinkConstants
{
    // include/linux/socket.h
    public const int AF_NETLINK = 16;
    public const int SOL_SOCKET = 1;
    public const int SOL_NETLINK = 270;

    // include/linux/net.h (enum sock_type) and include/linux/net.h SOCK_CLOEXEC = O_CLOEXEC
    public const int SOCK_RAW = 3;
    public const int SOCK_CLOEXEC = 0x80000;

    // include/uapi/asm-generic/socket.h
    public const int SO_SNDBUF = 7;
    public const int SO_RCVBUF = 8;
    public const int SO_RCVTIMEO_OLD = 20;
    public const int SO_SNDBUFFORCE = 32;
    public const int SO_RCVBUFFORCE = 33;

    // include/linux/socket.h
    public const int MSG_TRUNC = 0x20;
    public const int MSG_DONTWAIT = 0x40;

    // include/uapi/linux/sched.h
    public const int CLONE_NEWNET = 0x40000000;

    // include/uapi/linux/netlink.h: socket options at SOL_NETLINK
    public const int NETLINK_ADD_MEMBERSHIP = 1;
    public const int NETLINK_CAP_ACK = 10;
    public const int NETLINK_EXT_ACK = 11;

    // include/uapi/linux/netlink.h: control message types
    public const ushort NLMSG_NOOP = 0x1;
    public const ushort NLMSG_ERROR = 0x2;
    public const ushort NLMSG_DONE = 0x3;
    public const ushort NLMSG_OVERRUN = 0x4;
    public const ushort NLMSG_MIN_TYPE = 0x10;

    // include/uapi/linux/netlink.h: flags of NLMSG_ERROR replies
    public const ushort NLM_F_CAPPED = 0x100;
    public const ushort NLM_F_ACK_TLVS = 0x200;

    // include/uapi/linux/netlink.h: enum nlmsgerr_attrs
    public const ushort NLMSGERR_ATTR_MSG = 1;
    public const ushort NLMSGERR_ATTR_OFFS = 2;
    public const ushort NLMSGERR_ATTR_COOKIE = 3;
    public const ushort NLMSGERR_ATTR_POLICY = 4;
    public const ushort NLMSGERR_ATTR_MISS_TYPE = 5;
    public const ushort NLMSGERR_ATTR_MISS_NEST = 6;

    public const int NLMSG_ALIGNTO = 4;

    public static int NLMSG_ALIGN(int length) => (length + NLMSG_ALIGNTO - 1) & ~(NLMSG_ALIGNTO - 1);
}
