using Fulcrum.Core.Scheduling;

namespace Fulcrum.Core.Health;

/// <summary>
/// When probes run. Deterministic from a seed, so tests can predict every probe time: a target's
/// first probe falls at a hashed point of its first interval (thousands of targets start spread
/// out, not in one burst), and each later interval is stretched or shrunk by up to
/// <see cref="Fraction"/> so targets that share an interval do not stay in lock step.
/// </summary>
public sealed class ProbeJitter
{
    /// <summary>The default spread of each interval: ±10 %.</summary>
    public const double DefaultFraction = 0.1;

    private readonly ulong _seed;

    /// <summary>Creates the schedule.</summary>
    /// <param name="seed">Any number; equal seeds give equal schedules.</param>
    /// <param name="fraction">How much an interval may vary, 0 (none) to 0.5.</param>
    public ProbeJitter(ulong seed, double fraction = DefaultFraction)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fraction, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fraction, 0.5);
        _seed = seed;
        Fraction = fraction;
    }

    /// <summary>How much an interval may vary either way, as a fraction of it.</summary>
    public double Fraction { get; }

    /// <summary>Delay from start-up (or from the reload that added the target) to its first probe: in [0, interval).</summary>
    public TimeSpan FirstDelay(ProbeTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return Scale(target.Check.Interval, Unit(target, 0));
    }

    /// <summary>
    /// Time from the start of probe number <paramref name="sequence"/> (1 = the first) to the start of
    /// the next: the interval ± <see cref="Fraction"/>.
    /// </summary>
    public TimeSpan NextInterval(ProbeTarget target, long sequence)
    {
        ArgumentNullException.ThrowIfNull(target);
        double factor = 1 + (Fraction * ((2 * Unit(target, sequence)) - 1));
        return Scale(target.Check.Interval, factor);
    }

    /// <summary>
    /// Delay from the end of a probe to the start of the next: the retry delay while a failure is being
    /// confirmed (the server is still in the pool) and the check has one, else the rest of the jittered interval.
    /// </summary>
    public TimeSpan NextDelay(ProbeTarget target, long sequence, TimeSpan probeDuration, bool confirmingFailure)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (confirmingFailure && target.Check.RetryDelay > TimeSpan.Zero)
        {
            return target.Check.RetryDelay;
        }

        TimeSpan rest = NextInterval(target, sequence) - probeDuration;
        return rest > TimeSpan.Zero ? rest : TimeSpan.Zero;
    }

    private static TimeSpan Scale(TimeSpan interval, double factor) =>
        TimeSpan.FromTicks((long)(interval.Ticks * factor));

    // A uniform number in [0, 1) from (seed, target, sequence).
    private double Unit(ProbeTarget target, long sequence)
    {
        ulong hash = StableHash.Hash(target.StableKey, _seed ^ ((ulong)sequence * 0x9E3779B97F4A7C15UL));
        return (hash >> 11) * (1.0 / (1UL << 53));
    }
}
