using System.Buffers.Binary;

namespace Fulcrum.Linux.Interop;

/// <summary>
/// <c>struct nlmsghdr</c> (include/uapi/linux/netlink.h): 16 bytes, host byte order.
/// <code>
///  0           4          6           8            12           16
///  +-----------+----------+-----------+------------+------------+
///  | nlmsg_len |nlmsg_type|nlmsg_flags| nlmsg_seq  | nlmsg_pid  |
///  +-----------+----------+-----------+------------+------------+
/// </code>
/// </summary>
internal readonly record struct nlmsghdr(uint nlmsg_len, ushort nlmsg_type, ushort nlmsg_flags, uint nlmsg_seq, uint nlmsg_pid)
{
    public const int Size = 16;
    private const int LengthOffset = 0;
    private const int TypeOffset = 4;
    private const int FlagsOffset = 6;
    private const int SequenceOffset = 8;
    private const int PortIdOffset = 12;

    public static nlmsghdr Read(ReadOnlySpan<byte> source) => new(
        BinaryPrimitives.ReadUInt32LittleEndian(source[LengthOffset..]),
        BinaryPrimitives.ReadUInt16LittleEndian(source[TypeOffset..]),
        BinaryPrimitives.ReadUInt16LittleEndian(source[FlagsOffset..]),
        BinaryPrimitives.ReadUInt32LittleEndian(source[SequenceOffset..]),
        BinaryPrimitives.ReadUInt32LittleEndian(source[PortIdOffset..]));

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination[LengthOffset..], nlmsg_len);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[TypeOffset..], nlmsg_type);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[FlagsOffset..], nlmsg_flags);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[SequenceOffset..], nlmsg_seq);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[PortIdOffset..], nlmsg_pid);
    }

    public static void WriteLength(Span<byte> message, uint length) =>
        BinaryPrimitives.WriteUInt32LittleEndian(message[LengthOffset..], length);
}
