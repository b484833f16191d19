using Microsoft.Extensions.Logging;

namespace Fulcrum.Daemon;

/// <summary>The conntrack monitor's log messages (event ids 7070–7079).</summary>
internal static partial class DaemonLog
{
    [LoggerMessage(7070, LogLevel.Warning, "Conntrack table {Level}: {Fill} full (early drops {EarlyDrops}, drops {Drops} so far); new flows are evicted or dropped when it is full: raise nf_conntrack_max in the host's initial namespace or find the flood")]
    public static partial void ConntrackPressure(ILogger logger, string level, string fill, ulong earlyDrops, ulong drops);

    [LoggerMessage(7071, LogLevel.Information, "Conntrack table back to {Level}: {Fill} full")]
    public static partial void ConntrackRelieved(ILogger logger, string level, string fill);

    [LoggerMessage(7072, LogLevel.Warning, "Conntrack: the kernel evicted {EarlyDrops} flow(s) and refused {Drops} new flow(s) for lack of room since the last report (now {Entries}/{Max})")]
    public static partial void ConntrackDropped(ILogger logger, ulong earlyDrops, ulong drops, long entries, long max);

    [LoggerMessage(7073, LogLevel.Warning, "Conntrack: cannot read the table's statistics: {Error}")]
    public static partial void ConntrackReadFailed(ILogger logger, string error);
}
