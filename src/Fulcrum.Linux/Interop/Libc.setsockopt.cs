using System.Runtime.InteropServices;

namespace Fulcrum.Linux.Interop;

internal static partial class Libc
{
    /// <summary>setsockopt(2) with a caller-provided option value.</summary>
    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    internal static unsafe partial int setsockopt(SafeNetlinkSocketHandle socket, int level, int name, void* value, uint valueLength);
}
