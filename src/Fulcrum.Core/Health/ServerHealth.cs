using Fulcrum.Core.Config;

namespace Fulcrum.Core.Health;

/// <summary>
/// The rise/fall hysteresis of one probe target. Not thread-safe: the engine serialises calls.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Unknown → Up on the first success, whatever <c>initial</c> says: a server enters the pool as soon as it is proven.</item>
/// <item>Unknown → Down on the first failure with <c>initial: down</c> (it was out of the pool already; now the reason is known),
/// or after <c>fall</c> consecutive failures with <c>initial: up</c> (it was in the pool).</item>
/// <item>Up → Down after <c>fall</c> consecutive failures; Down → Up after <c>rise</c> consecutive successes.</item>
/// </list>
/// </remarks>
public sealed class ServerHealth(HealthCheckConfig check)
{
    private readonly HealthCheckConfig _check = check ?? throw new ArgumentNullException(nameof(check));

    /// <summary>The current status.</summary>
    public HealthStatus Status { get; private set; } = HealthStatus.Unknown;

    /// <summary>Consecutive successes since the last failure.</summary>
    public int Successes { get; private set; }

    /// <summary>Consecutive failures since the last success.</summary>
    public int Failures { get; private set; }

    /// <summary>The latest probe result, or null before the first.</summary>
    public ProbeResult? LastResult { get; private set; }

    /// <summary>The latest weight a probe reported (dynamic weight), or null: the configured weight applies.</summary>
    public ushort? DynamicWeight { get; private set; }

    /// <summary>The number of probe results recorded.</summary>
    public long Probes { get; private set; }

    /// <summary>True when the server takes traffic: Up, or Unknown with <c>initial: up</c>.</summary>
    public bool InPool => Status == HealthStatus.Up || (Status == HealthStatus.Unknown && _check.Initial == HealthInitialState.Up);

    /// <summary>True while failures are being counted towards <c>fall</c> but the server is still in the pool.</summary>
    public bool IsConfirmingFailure => InPool && Failures > 0;

    /// <summary>Records one result; returns the change it caused (status or dynamic weight), or null.</summary>
    public HealthChange? Record(ProbeResult result)
    {
        HealthStatus before = Status;
        bool inPoolBefore = InPool;
        ushort? weightBefore = DynamicWeight;
        Probes++;
        LastResult = result;
        if (result.IsHealthy)
        {
            Successes++;
            Failures = 0;
            DynamicWeight = result.Weight ?? DynamicWeight;
            if (Status == HealthStatus.Unknown || (Status == HealthStatus.Down && Successes >= _check.Rise))
            {
                Status = HealthStatus.Up;
            }
        }
        else
        {
            Failures++;
            Successes = 0;
            bool fell = Failures >= _check.Fall;
            if ((Status == HealthStatus.Up && fell) ||
                (Status == HealthStatus.Unknown && (_check.Initial == HealthInitialState.Down || fell)))
            {
                Status = HealthStatus.Down;
            }
        }

        bool weightChanged = Status == HealthStatus.Up && before == HealthStatus.Up && weightBefore != DynamicWeight;
        return before != Status || weightChanged
            ? new HealthChange(before, Status, inPoolBefore, InPool, weightBefore, DynamicWeight, result)
            : null;
    }
}
