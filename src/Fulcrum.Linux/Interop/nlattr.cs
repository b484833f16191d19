using System.Buffers.Binary;

namespace Fulcrum.Linux.Interop;

/// <summary>
/// <c>struct nlattr</c> (include/uapi/linux/netlink.h): 4 bytes, host byte order, then the payload
/// padded to <see cref="NLA_ALIGNTO"/>.
/// <code>
///  0         2          4
///  +---------+----------+-----------------+-----+
///  | nla_len | nla_type | payload         | pad |
///  +---------+----------+-----------------+-----+
///   nla_len counts header + payload, not the padding.
/// </code>
/// </summary>
internal readonly record struct nlattr(ushort nla_len, ushort nla_type)
{
    public const int NLA_ALIGNTO = 4;
    public const int NLA_HDRLEN = 4;

    // include/uapi/linux/netlink.h
    public const ushort NLA_F_NESTED = 1 << 15;
    public const ushort NLA_F_NET_BYTEORDER = 1 << 14;
    public const ushort NLA_TYPE_MASK = unchecked((ushort)~(NLA_F_NESTED | NLA_F_NET_BYTEORDER));

    public static int NLA_ALIGN(int length) => (length + NLA_ALIGNTO - 1) & ~(NLA_ALIGNTO - 1);

    public static nlattr Read(ReadOnlySpan<byte> source) => new(
        BinaryPrimitives.ReadUInt16LittleEndian(source),
        BinaryPrimitives.ReadUInt16LittleEndian(source[2..]));

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(destination, nla_len);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[2..], nla_type);
    }
}
