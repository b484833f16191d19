using Fulcrum.Core.Collections;

namespace Fulcrum.Core.Health;

/// <summary>
/// One target changed health: every server in <see cref="Servers"/> changed with it. Each server is
/// one element of the data plane (a map element), so the reconciler applies one small change per server.
/// </summary>
/// <param name="Target">The probe target.</param>
/// <param name="Servers">The (service, endpoint) pairs that share the target.</param>
/// <param name="Change">Status, pool membership and weight before and after, with the probe result that caused it.</param>
/// <param name="At">When the result arrived.</param>
public sealed record ServerHealthChanged(ProbeTarget Target, EquatableArray<ServerKey> Servers, HealthChange Change, DateTimeOffset At);
