using System.Runtime.InteropServices;

namespace Fulcrum.Linux.Interop;

internal static partial class Libc
{
    /// <summary>close(2), used only by <see cref="SafeNetlinkSocketHandle"/>.</summary>
    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    internal static partial int close(int fd);
}
