using System.Runtime.InteropServices;

namespace Fulcrum.Linux.Interop;

internal static partial class Libc
{
    /// <summary>socket(2). .NET refuses AF_NETLINK before reaching the kernel, so the descriptor is made here.</summary>
    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    internal static partial SafeNetlinkSocketHandle socket(int domain, int type, int protocol);
}
