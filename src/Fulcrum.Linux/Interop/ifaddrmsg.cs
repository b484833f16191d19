using System.Buffers.Binary;

namespace Fulcrum.Linux.Interop;

/// <summary>struct ifaddrmsg (include/uapi/linux/if_addr.h): the family header of RTM_*ADDR messages.</summary>
internal readonly record struct ifaddrmsg(byte ifa_family, byte ifa_prefixlen, byte ifa_flags, byte ifa_scope, uint ifa_index)
{
    public const int Size = 8;

    public void Write(Span<byte> destination)
    {
        destination[0] = ifa_family;
        destination[1] = ifa_prefixlen;
        destination[2] = ifa_flags;
        destination[3] = ifa_scope;
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], ifa_index);
    }

    public static ifaddrmsg Read(ReadOnlySpan<byte> source) => source.Length < Size
        ? throw new Netlink.NetlinkProtocolException($"An ifaddrmsg needs {Size} bytes, the message has {source.Length}.")
        : new(source[0], source[1], source[2], source[3], BinaryPrimitives.ReadUInt32LittleEndian(source[4..]));
}
