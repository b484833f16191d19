namespace Fulcrum.Core.Health;

/// <summary>A change of one target's health: its status, its pool membership or its dynamic weight.</summary>
/// <param name="Previous">Status before the probe.</param>
/// <param name="Current">Status after the probe.</param>
/// <param name="WasInPool">Pool membership before.</param>
/// <param name="InPool">Pool membership after.</param>
/// <param name="PreviousWeight">Dynamic weight before (null = the configured weight).</param>
/// <param name="Weight">Dynamic weight after (null = the configured weight).</param>
/// <param name="Result">The probe result that caused the change: its reason is the change's reason.</param>
public sealed record HealthChange(
    HealthStatus Previous,
    HealthStatus Current,
    bool WasInPool,
    bool InPool,
    ushort? PreviousWeight,
    ushort? Weight,
    ProbeResult Result)
{
    /// <summary>True when the server entered or left the pool.</summary>
    public bool PoolChanged => WasInPool != InPool;
}
