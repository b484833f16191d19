using Microsoft.Extensions.Logging;

namespace Fulcrum.Cli;

/// <summary>The CLI's own log messages (event ids 9000–9099).</summary>
internal static partial class CliLog
{
    [LoggerMessage(9000, LogLevel.Information, "Stopped gracefully; {Rejected} datagram(s) were rejected while running")]
    public static partial void VrrpStopped(ILogger logger, long rejected);
}
