using System.Buffers.Binary;

namespace Fulcrum.Linux.Interop;

/// <summary>
/// <c>struct nfgenmsg</c> (include/uapi/linux/netfilter/nfnetlink.h): 4 bytes after every
/// nfnetlink <see cref="nlmsghdr"/>. <c>res_id</c> is big-endian (the kernel reads it with ntohs).
/// <code>
///  0             1         2        4
///  +-------------+---------+--------+
///  | nfgen_family| version | res_id |
///  +-------------+---------+--------+
/// </code>
/// </summary>
internal readonly record struct nfgenmsg(byte nfgen_family, byte version, ushort res_id)
{
    public const int Size = 4;

    // include/uapi/linux/netfilter/nfnetlink.h
    public const byte NFNETLINK_V0 = 0;

    public static nfgenmsg Read(ReadOnlySpan<byte> source) =>
        new(source[0], source[1], BinaryPrimitives.ReadUInt16BigEndian(source[2..]));

    public void Write(Span<byte> destination)
    {
        destination[0] = nfgen_family;
        destination[1] = version;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], res_id);
    }
}
