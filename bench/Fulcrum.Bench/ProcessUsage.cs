using System.Globalization;

namespace Fulcrum.Bench;

/// <summary>This process's CPU time (utime + stime from /proc/self/stat) and resident memory (VmRSS).</summary>
internal static class ProcessUsage
{
    // sysconf(_SC_CLK_TCK) is 100 on every Linux this runs on.
    private const double TicksPerSecond = 100;

    public static TimeSpan CpuTime()
    {
        (TimeSpan user, TimeSpan system) = UserAndSystemTime();
        return user + system;
    }

    /// <summary>utime and stime: user-mode time, and kernel time (on loopback that includes the TCP handshakes of both ends).</summary>
    public static (TimeSpan User, TimeSpan System) UserAndSystemTime()
    {
        string stat = File.ReadAllText("/proc/self/stat");
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // Fields after "(comm)": state is index 0, so utime (field 14) is index 11 and stime index 12.
        return (TimeSpan.FromSeconds(long.Parse(fields[11], CultureInfo.InvariantCulture) / TicksPerSecond),
            TimeSpan.FromSeconds(long.Parse(fields[12], CultureInfo.InvariantCulture) / TicksPerSecond));
    }

    public static double RssMegabytes()
    {
        string line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }
}
