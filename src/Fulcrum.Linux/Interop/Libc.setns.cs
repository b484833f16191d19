using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Fulcrum.Linux.Interop;

internal static partial class Libc
{
    /// <summary>setns(2): moves the calling thread (only) into the namespace the descriptor refers to.</summary>
    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    internal static partial int setns(SafeFileHandle namespaceFile, int namespaceType);
}
