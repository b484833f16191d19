namespace Fulcrum.Core.Config;

/// <summary>Whether a real server is in the pool before its health check has answered once.</summary>
public enum HealthInitialState
{
    /// <summary>Out of the pool until the first successful probe (the default: never send traffic to an unproven server).</summary>
    Down,

    /// <summary>In the pool from the start; taken out after <c>fall</c> consecutive failures.</summary>
    Up,
}
