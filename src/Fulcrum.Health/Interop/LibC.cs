using System.Runtime.InteropServices;

namespace Fulcrum.Health.Interop;

/// <summary>The few libc calls health checking needs that .NET does not expose.</summary>
internal static partial class LibC
{
    // include/uapi/linux/sched.h
    public const int CLONE_NEWNET = 0x40000000;

    // include/uapi/asm-generic/signal.h
    public const int SIGKILL = 9;

    // include/uapi/asm-generic/errno-base.h
    public const int ESRCH = 3;

    // include/uapi/linux/in.h: SOL_IP level, IP_BIND_ADDRESS_NO_PORT option.
    public const int SOL_IP = 0;
    public const int IP_BIND_ADDRESS_NO_PORT = 24;

    /// <summary>setns(2): moves the calling thread (only) into the namespace <paramref name="fd"/> refers to.</summary>
    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    public static partial int SetNs(int fd, int nstype);

    /// <summary>kill(2); a negative pid signals the whole process group.</summary>
    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int sig);
}
