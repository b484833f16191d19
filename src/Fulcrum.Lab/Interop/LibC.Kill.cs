using System.Runtime.InteropServices;

namespace Fulcrum.Lab.Interop;

internal static partial class LibC
{
    // Signal numbers: include/uapi/asm-generic/signal.h
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;

    // errno: include/uapi/asm-generic/errno-base.h
    public const int ESRCH = 3;

    /// <summary>kill(2). .NET can send SIGKILL only; nginx shuts down cleanly on SIGTERM.</summary>
    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int sig);
}
