namespace Fulcrum.Core.Health;

/// <summary>What one probe result or one reload changed: at most one target, and the services that crossed their quorum.</summary>
public sealed record HealthUpdate(ServerHealthChanged? Server, IReadOnlyList<ServiceHealthChanged> Services)
{
    /// <summary>Nothing changed.</summary>
    public static HealthUpdate None { get; } = new(null, []);
}
