using System.Runtime.InteropServices;

namespace Fulcrum.Linux.Interop;

internal static partial class Libc
{
    /// <summary>getsockname(2): learns the port id the kernel assigned at bind.</summary>
    [LibraryImport("libc", EntryPoint = "getsockname", SetLastError = true)]
    internal static partial int getsockname(SafeNetlinkSocketHandle socket, out sockaddr_nl address, ref uint addressLength);
}
