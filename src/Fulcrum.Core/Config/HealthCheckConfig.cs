namespace Fulcrum.Core.Config;

/// <summary>How and how often the servers of a service are probed.</summary>
/// <param name="Probe">What one probe does.</param>
/// <param name="Interval">Time between probes of one server.</param>
/// <param name="Timeout">How long one probe may take; less than <paramref name="Interval"/>.</param>
/// <param name="Rise">Consecutive successes that bring a server back.</param>
/// <param name="Fall">Consecutive failures that take a server out.</param>
/// <param name="RetryDelay">Wait before re-probing after a failure (0 = next interval).</param>
/// <param name="Initial">
/// Whether a server counts as in the pool before its first probe result: <see cref="HealthInitialState.Down"/>
/// (the default) keeps it out until its first success.
/// </param>
public sealed record HealthCheckConfig(
    CheckProbe Probe,
    TimeSpan Interval,
    TimeSpan Timeout,
    int Rise,
    int Fall,
    TimeSpan RetryDelay,
    HealthInitialState Initial = HealthInitialState.Down);
