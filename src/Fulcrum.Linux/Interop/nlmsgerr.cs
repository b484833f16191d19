using System.Buffers.Binary;

namespace Fulcrum.Linux.Interop;

/// <summary>
/// <c>struct nlmsgerr</c> (include/uapi/linux/netlink.h), the payload of NLMSG_ERROR:
/// <code>
///  0       4                      20
///  +-------+----------------------+---------------------------+--------------------+
///  | error | nlmsghdr of request  | request payload (unless   | ext-ack TLVs (when |
///  | (-errno, 0 = ack)            |  NLM_F_CAPPED is set)     |  NLM_F_ACK_TLVS)   |
///  +-------+----------------------+---------------------------+--------------------+
/// </code>
/// </summary>
internal readonly record struct nlmsgerr(int error, nlmsghdr msg)
{
    public const int Size = 4 + nlmsghdr.Size;

    public static nlmsgerr Read(ReadOnlySpan<byte> source) =>
        new(BinaryPrimitives.ReadInt32LittleEndian(source), nlmsghdr.Read(source[4..]));
}
