using System.Runtime.InteropServices;

namespace Fulcrum.Linux.Interop;

internal static partial class Libc
{
    /// <summary>sendto(2): one netlink datagram to the kernel.</summary>
    [LibraryImport("libc", EntryPoint = "sendto", SetLastError = true)]
    internal static unsafe partial nint sendto(SafeNetlinkSocketHandle socket, byte* buffer, nuint length, int flags, in sockaddr_nl destination, uint destinationLength);
}
