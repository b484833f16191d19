using System.Runtime.InteropServices;

namespace Fulcrum.Linux.Interop;

internal static partial class Libc
{
    /// <summary>
    /// socket(2) returning the bare descriptor, to wrap in a <see cref="System.Net.Sockets.SafeSocketHandle"/>:
    /// .NET refuses <c>new Socket(InterNetwork, Raw, 112)</c> before reaching the kernel (PLATFORM.md).
    /// </summary>
    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    internal static partial int socket_descriptor(int domain, int type, int protocol);
}
