using Fulcrum.Core.Collections;
using Fulcrum.Core.Health;

namespace Fulcrum.Health.Engine;

/// <summary>A snapshot of one probe target: what <c>fulcrum check-servers</c> prints as a row.</summary>
/// <param name="Target">The target.</param>
/// <param name="Servers">The (service, endpoint) pairs that share it.</param>
/// <param name="Status">Current status.</param>
/// <param name="InPool">Whether its servers take traffic.</param>
/// <param name="DynamicWeight">The weight its probe reported, or null.</param>
/// <param name="Successes">Consecutive successes.</param>
/// <param name="Failures">Consecutive failures.</param>
/// <param name="Probes">Probes recorded since the target was added.</param>
/// <param name="LastResult">The latest result, or null before the first.</param>
/// <param name="LastLatency">How long the latest recorded probe took, from its start to its result (a probe that timed out: its timeout), or null before the first.</param>
public sealed record TargetHealth(
    ProbeTarget Target,
    EquatableArray<ServerKey> Servers,
    HealthStatus Status,
    bool InPool,
    ushort? DynamicWeight,
    int Successes,
    int Failures,
    long Probes,
    ProbeResult? LastResult,
    TimeSpan? LastLatency = null);
