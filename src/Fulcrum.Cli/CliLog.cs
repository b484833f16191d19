using Microsoft.Extensions.Logging;

namespace Fulcrum.Cli;

/// <summary>The CLI's own log messages (event ids 9000–9099).</summary>
internal static partial class CliLog
{
    [LoggerMessage(9000, LogLevel.Information, "Stopped gracefully; {Rejected} datagram(s) were rejected while running")]
    public static partial void VrrpStopped(ILogger logger, long rejected);

    [LoggerMessage(9001, LogLevel.Warning, "ha.track.services ({Services}) needs the health engine, which fulcrum vrrp does not run: these services are not tracked (they count as up); use fulcrum run")]
    public static partial void ServiceTrackingNeedsDaemon(ILogger logger, string services);
}
