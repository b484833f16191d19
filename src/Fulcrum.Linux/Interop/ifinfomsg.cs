using System.Buffers.Binary;

namespace Fulcrum.Linux.Interop;

/// <summary>struct ifinfomsg (include/uapi/linux/rtnetlink.h): the family header of RTM_*LINK messages.</summary>
internal readonly record struct ifinfomsg(byte ifi_family, ushort ifi_type, int ifi_index, uint ifi_flags, uint ifi_change)
{
    public const int Size = 16;

    public void Write(Span<byte> destination)
    {
        destination[0] = ifi_family;
        destination[1] = 0; // __ifi_pad
        BinaryPrimitives.WriteUInt16LittleEndian(destination[2..], ifi_type);
        BinaryPrimitives.WriteInt32LittleEndian(destination[4..], ifi_index);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], ifi_flags);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], ifi_change);
    }

    public static ifinfomsg Read(ReadOnlySpan<byte> source) => source.Length < Size
        ? throw new Netlink.NetlinkProtocolException($"An ifinfomsg needs {Size} bytes, the message has {source.Length}.")
        : new(
            source[0],
            BinaryPrimitives.ReadUInt16LittleEndian(source[2..]),
            BinaryPrimitives.ReadInt32LittleEndian(source[4..]),
            BinaryPrimitives.ReadUInt32LittleEndian(source[8..]),
            BinaryPrimitives.ReadUInt32LittleEndian(source[12..]));
}
