using System.Runtime.InteropServices;

namespace Fulcrum.Linux.Interop;

internal static partial class Libc
{
    /// <summary>sched_setscheduler(2); pid 0 is the calling thread. <paramref name="param"/> points to struct sched_param { int sched_priority; }.</summary>
    [LibraryImport("libc", EntryPoint = "sched_setscheduler", SetLastError = true)]
    internal static unsafe partial int sched_setscheduler(int pid, int policy, int* param);
}
