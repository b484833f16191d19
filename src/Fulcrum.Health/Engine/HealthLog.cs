using Fulcrum.Core.Health;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Health.Engine;

/// <summary>Every log line of the health engine, with stable event ids (5xxx: health).</summary>
internal static partial class HealthLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "{Target} is up (was {Previous}) for {Servers}: {Reason}")]
    public static partial void ServerUp(ILogger logger, ProbeTarget target, HealthStatus previous, ServerList servers, string reason);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "{Target} is down (was {Previous}) for {Servers}: {Reason}")]
    public static partial void ServerDown(ILogger logger, ProbeTarget target, HealthStatus previous, ServerList servers, string reason);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "{Target} reports weight {Weight} (was {PreviousWeight}) for {Servers}: {Reason}")]
    public static partial void WeightChanged(ILogger logger, ProbeTarget target, WeightText weight, WeightText previousWeight, ServerList servers, string reason);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Information, Message = "service {Service} is up: {Usable} of {Total} servers usable, quorum {Quorum}")]
    public static partial void ServiceUp(ILogger logger, string service, int usable, int total, int quorum);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Warning, Message = "service {Service} is down: {Usable} of {Total} servers usable, quorum {Quorum}")]
    public static partial void ServiceDown(ILogger logger, string service, int usable, int total, int quorum);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Information, Message = "health plan applied: {Added} targets started, {Removed} stopped, {Kept} kept with their state")]
    public static partial void PlanApplied(ILogger logger, int added, int removed, int kept);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Error, Message = "{Target}: the checker did not end within {Limit}ms of the timeout; counted as a failure")]
    public static partial void CheckerStuck(ILogger logger, ProbeTarget target, double limit);

    [LoggerMessage(EventId = 5008, Level = LogLevel.Error, Message = "{Target}: the checker threw; counted as a failure")]
    public static partial void CheckerThrew(ILogger logger, ProbeTarget target, Exception exception);

    [LoggerMessage(EventId = 5009, Level = LogLevel.Error, Message = "a health event handler threw")]
    public static partial void HandlerThrew(ILogger logger, Exception exception);
}
