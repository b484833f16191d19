using System.Runtime.InteropServices;

namespace Fulcrum.Linux.Interop;

internal static partial class Libc
{
    /// <summary>bind(2) with a <c>sockaddr_nl</c>.</summary>
    [LibraryImport("libc", EntryPoint = "bind", SetLastError = true)]
    internal static partial int bind(SafeNetlinkSocketHandle socket, in sockaddr_nl address, uint addressLength);
}
