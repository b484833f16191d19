using System.Buffers.Binary;
using System.Net;

namespace Fulcrum.Linux.Interop;

/// <summary>
/// struct ip_mreqn (include/uapi/linux/in.h): multicast group, local address, interface index;
/// the IP_MULTICAST_IF form that names both the interface and the source address.
/// </summary>
internal readonly struct ip_mreqn
{
    public const int Size = 12;

    public ip_mreqn(IPAddress multiaddr, IPAddress address, int ifindex)
    {
        imr_multiaddr = multiaddr;
        imr_address = address;
        imr_ifindex = ifindex;
    }

    public IPAddress imr_multiaddr { get; }

    public IPAddress imr_address { get; }

    public int imr_ifindex { get; }

    public byte[] ToBytes()
    {
        var bytes = new byte[Size];
        imr_multiaddr.TryWriteBytes(bytes.AsSpan(0, 4), out _);
        imr_address.TryWriteBytes(bytes.AsSpan(4, 4), out _);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), imr_ifindex);
        return bytes;
    }
}
