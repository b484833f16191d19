namespace Fulcrum.Linux.Interop;

/// <summary>The errno values the netlink code branches on (include/uapi/asm-generic/errno-base.h, errno.h).</summary>
internal static class Errno
{
    public const int ENOENT = 2;
    public const int EINTR = 4;
    public const int EAGAIN = 11;
    public const int EEXIST = 17;
    public const int ENOBUFS = 105;
}
