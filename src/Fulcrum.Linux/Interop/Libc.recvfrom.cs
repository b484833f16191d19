using System.Runtime.InteropServices;

namespace Fulcrum.Linux.Interop;

internal static partial class Libc
{
    /// <summary>recvfrom(2): one netlink datagram and the sender's address (the kernel is port 0).</summary>
    [LibraryImport("libc", EntryPoint = "recvfrom", SetLastError = true)]
    internal static unsafe partial nint recvfrom(SafeNetlinkSocketHandle socket, byte* buffer, nuint length, int flags, out sockaddr_nl source, ref uint sourceLength);
}
