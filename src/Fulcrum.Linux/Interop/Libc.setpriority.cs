using System.Runtime.InteropServices;

namespace Fulcrum.Linux.Interop;

internal static partial class Libc
{
    /// <summary>include/uapi/linux/resource.h</summary>
    public const int PRIO_PROCESS = 0;

    /// <summary>setpriority(2); on Linux, PRIO_PROCESS with who 0 sets the nice value of the calling thread only.</summary>
    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    public static partial int setpriority(int which, uint who, int prio);
}
