namespace Fulcrum.Core.Status;

/// <summary>One real server of a service.</summary>
/// <param name="Address"><c>address:port</c> (port omitted when the service keeps the client's port).</param>
/// <param name="ConfiguredWeight">The weight in the config file.</param>
/// <param name="Weight">The weight in the kernel now (0 when drained, down or overridden to 0).</param>
/// <param name="Admin"><c>enabled</c>, <c>drained</c> (by an operator) or <c>weight_override</c>.</param>
/// <param name="Health"><c>up</c>, <c>down</c>, <c>unknown</c> (no verdict yet) or <c>unchecked</c> (no check configured).</param>
/// <param name="HealthReason">The last probe's outcome in words (e.g. <c>status 500</c>, <c>connection refused</c>).</param>
/// <param name="CheckLatency">Seconds the last probe took, if any.</param>
public sealed record RealServerStatus(
    string Address,
    int ConfiguredWeight,
    int Weight,
    string Admin,
    string Health,
    string? HealthReason,
    DateTimeOffset? HealthSince,
    double? CheckLatency,
    TrafficStatus Traffic);
