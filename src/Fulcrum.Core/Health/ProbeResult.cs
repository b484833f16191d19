namespace Fulcrum.Core.Health;

/// <summary>What one probe found.</summary>
/// <param name="Outcome">Healthy or the class of failure.</param>
/// <param name="Reason">Human-readable detail for logs: <c>connection refused</c>, <c>status 500</c>, <c>timeout after 500ms</c>.</param>
/// <param name="Weight">A weight the probe reported (command checks with <c>dynamic_weight</c>), or null for no opinion.</param>
public readonly record struct ProbeResult(ProbeOutcome Outcome, string Reason, ushort? Weight = null)
{
    /// <summary>True when the server answered as expected.</summary>
    public bool IsHealthy => Outcome == ProbeOutcome.Healthy;

    /// <summary>A healthy result.</summary>
    public static ProbeResult Healthy(string reason, ushort? weight = null) => new(ProbeOutcome.Healthy, reason, weight);

    /// <summary>A failed result.</summary>
    public static ProbeResult Failed(ProbeOutcome outcome, string reason) => new(outcome, reason);
}
