namespace Fulcrum.Core.Conntrack;

/// <summary>
/// Turns successive conntrack samples into threshold crossings. A level is entered as soon as a
/// sample reaches it (≥ 80 % warning, ≥ 95 % critical) and left only once a sample is
/// <see cref="HysteresisPercent"/> points below its threshold (under 75 %, under 90 %), so a table
/// that hovers at a threshold does not raise an event per sample. Also counts the flows the kernel
/// dropped or evicted since the previous sample. Pure: no clock, no I/O.
/// </summary>
public sealed class ConntrackPressureWatch
{
    /// <summary>Fill (percent of nf_conntrack_max) at which the table is a warning.</summary>
    public const double WarningPercent = 80;

    /// <summary>Fill at which it is critical (the kernel's gc evicts unassured flows above 95 %: nf_conntrack_core.c, gc_worker).</summary>
    public const double CriticalPercent = 95;

    /// <summary>How far below a threshold a sample must fall to leave its level.</summary>
    public const double HysteresisPercent = 5;

    private ConntrackTableStatistics? _last;

    /// <summary>The level after the latest sample.</summary>
    public ConntrackPressureLevel Level { get; private set; }

    /// <summary>The latest sample, or null before the first.</summary>
    public ConntrackTableStatistics? Last => _last;

    /// <summary>Flows evicted (early drops) between the previous sample and the latest.</summary>
    public ulong NewEarlyDrops { get; private set; }

    /// <summary>Flows refused (drops) between the previous sample and the latest.</summary>
    public ulong NewDrops { get; private set; }

    /// <summary>The level a fill of <paramref name="percent"/> has, coming from <paramref name="current"/>.</summary>
    public static ConntrackPressureLevel LevelOf(double percent, ConntrackPressureLevel current = ConntrackPressureLevel.Normal)
    {
        if (percent >= CriticalPercent || (current == ConntrackPressureLevel.Critical && percent >= CriticalPercent - HysteresisPercent))
        {
            return ConntrackPressureLevel.Critical;
        }

        if (percent >= WarningPercent || (current >= ConntrackPressureLevel.Warning && percent >= WarningPercent - HysteresisPercent))
        {
            return ConntrackPressureLevel.Warning;
        }

        return ConntrackPressureLevel.Normal;
    }

    /// <summary>Takes a sample; returns the crossing it makes, or null when the level stays.</summary>
    public ConntrackPressureChange? Observe(ConntrackTableStatistics sample)
    {
        ArgumentNullException.ThrowIfNull(sample);

        // The kernel's per-CPU counters only grow (a namespace's live for its lifetime); a smaller
        // value means another namespace or a wrap: count nothing rather than a huge number.
        NewEarlyDrops = _last is { } before && sample.EarlyDrops >= before.EarlyDrops ? sample.EarlyDrops - before.EarlyDrops : 0;
        NewDrops = _last is { } previous && sample.Drops >= previous.Drops ? sample.Drops - previous.Drops : 0;
        _last = sample;
        var from = Level;
        Level = LevelOf(sample.Percent, from);
        return Level == from ? null : new ConntrackPressureChange(from, Level, sample);
    }
}
