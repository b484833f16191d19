namespace Fulcrum.Core.Health;

/// <summary>What the health check currently says about a real server.</summary>
public enum HealthStatus
{
    /// <summary>No probe has answered yet; pool membership follows the check's <c>initial</c> setting.</summary>
    Unknown,

    /// <summary>Healthy: in the pool.</summary>
    Up,

    /// <summary>Failed: out of the pool (weight 0).</summary>
    Down,
}
