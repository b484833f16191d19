using System.Globalization;

namespace Fulcrum.Bench;

/// <summary>
/// On-CPU time of the calling thread (first field of <c>/proc/thread-self/schedstat</c>, ns): user
/// and kernel time, the kernel's work inside the netlink sendmsg included, but not the time spent
/// waiting for a CPU — which on a machine shared by many busy processes dominates wall time.
/// </summary>
internal static class ThreadCpuTime
{
    public static long Nanoseconds()
    {
        var text = File.ReadAllText("/proc/thread-self/schedstat");
        return long.Parse(text.AsSpan(0, text.IndexOf(' ', StringComparison.Ordinal)), NumberStyles.None, CultureInfo.InvariantCulture);
    }
}
