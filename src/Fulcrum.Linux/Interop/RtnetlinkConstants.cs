namespace Fulcrum.Linux.Interop;

/// <summary>rtnetlink constants, verbatim from the kernel headers they cite.</summary>
internal static class RtnetlinkConstants
{
    // include/uapi/linux/rtnetlink.h: message types
    public const ushort RTM_NEWLINK = 16;
    public const ushort RTM_GETLINK = 18;
    public const ushort RTM_NEWADDR = 20;
    public const ushort RTM_DELADDR = 21;
    public const ushort RTM_GETADDR = 22;

    // include/uapi/linux/if_link.h: enum (IFLA_*)
    public const ushort IFLA_ADDRESS = 1;
    public const ushort IFLA_IFNAME = 3;
    public const ushort IFLA_OPERSTATE = 16;

    // include/uapi/linux/if_addr.h: enum (IFA_*)
    public const ushort IFA_ADDRESS = 1;
    public const ushort IFA_LOCAL = 2;
    public const ushort IFA_LABEL = 3;

    // include/uapi/linux/if.h: net_device_flags
    public const uint IFF_UP = 0x1;
    public const uint IFF_RUNNING = 0x40;

    // include/uapi/linux/rtnetlink.h: enum rt_scope_t
    public const byte RT_SCOPE_UNIVERSE = 0;

    // include/uapi/asm-generic/errno.h
    public const int ENODEV = 19;
    public const int EEXIST = 17;
    public const int EADDRNOTAVAIL = 99;
}
