namespace Fulcrum.Core.Health;

/// <summary>A service crossed its quorum (or appeared): what the HA tracking listens to.</summary>
/// <param name="Previous">The last reported health, or null for a service the engine had not reported yet.</param>
/// <param name="Current">The health now.</param>
/// <param name="At">When it changed.</param>
public sealed record ServiceHealthChanged(ServiceHealth? Previous, ServiceHealth Current, DateTimeOffset At);
