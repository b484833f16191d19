using System.Runtime.InteropServices;

namespace Fulcrum.Linux.Interop;

/// <summary>
/// <c>struct sockaddr_nl</c> (include/uapi/linux/netlink.h): 12 bytes.
/// <code>
///  0      2      4          8           12
///  +------+------+----------+-----------+
///  |family| pad  |  nl_pid  | nl_groups |
///  +------+------+----------+-----------+
/// </code>
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct sockaddr_nl
{
    public ushort nl_family;
    public ushort nl_pad;
    public uint nl_pid;
    public uint nl_groups;

    public const int Size = 12;
}
