namespace Fulcrum.Linux.Interop;

/// <summary>IP and packet socket constants, verbatim from the kernel headers they cite.</summary>
internal static class SocketConstants
{
    // include/linux/socket.h
    public const int AF_INET = 2;
    public const int AF_PACKET = 17;

    // include/uapi/linux/in.h
    public const int IPPROTO_IP = 0;
    public const int IP_MULTICAST_IF = 32;

    // include/uapi/asm-generic/socket.h
    public const int SO_BINDTODEVICE = 25;

    // include/uapi/linux/if_ether.h
    public const ushort ETH_P_IP = 0x0800;
    public const ushort ETH_P_ARP = 0x0806;

    // include/uapi/linux/if_arp.h
    public const ushort ARPHRD_ETHER = 1;
    public const ushort ARPOP_REQUEST = 1;
}
