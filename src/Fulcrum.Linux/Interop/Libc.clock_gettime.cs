using System.Runtime.InteropServices;

namespace Fulcrum.Linux.Interop;

internal static partial class Libc
{
    /// <summary>CLOCK_THREAD_CPUTIME_ID: CPU time (user and kernel) consumed by the calling thread.</summary>
    internal const int CLOCK_THREAD_CPUTIME_ID = 3;

    /// <summary>clock_gettime(2); <paramref name="timespec"/> points to struct timespec { long tv_sec; long tv_nsec; }.</summary>
    [LibraryImport("libc", EntryPoint = "clock_gettime", SetLastError = true)]
    internal static unsafe partial int clock_gettime(int clockId, long* timespec);

    /// <summary>The calling thread's CPU time so far (TimeSpan.Zero if the clock cannot be read).</summary>
    internal static unsafe TimeSpan ThreadCpuTime()
    {
        var timespec = stackalloc long[2];
        return clock_gettime(CLOCK_THREAD_CPUTIME_ID, timespec) == 0
            ? TimeSpan.FromTicks((timespec[0] * TimeSpan.TicksPerSecond) + (timespec[1] / 100))
            : TimeSpan.Zero;
    }
}
