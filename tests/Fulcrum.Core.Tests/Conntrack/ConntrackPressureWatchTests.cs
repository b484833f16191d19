using Fulcrum.Core.Conntrack;

namespace Fulcrum.Core.Tests.Conntrack;

public sealed class ConntrackPressureWatchTests
{
    private const long Max = 262_144;

    private static ConntrackTableStatistics At(double percent, ulong earlyDrops = 0, ulong drops = 0) =>
        new((long)Math.Ceiling(Max * percent / 100), Max, earlyDrops, drops, 0);

    [Fact]
    public void Eighty_percent_is_a_warning_and_ninety_five_critical_each_entered_at_once()
    {
        var watch = new ConntrackPressureWatch();

        Assert.Null(watch.Observe(At(79.9)));
        var warning = watch.Observe(At(80));
        var critical = watch.Observe(At(95));

        Assert.Equal((ConntrackPressureLevel.Normal, ConntrackPressureLevel.Warning, true), (warning!.From, warning.To, warning.Rising));
        Assert.Equal((ConntrackPressureLevel.Warning, ConntrackPressureLevel.Critical), (critical!.From, critical.To));
        Assert.Equal(ConntrackPressureLevel.Critical, watch.Level);
    }

    [Fact]
    public void A_table_hovering_at_a_threshold_raises_one_crossing_and_clears_five_points_below()
    {
        var watch = new ConntrackPressureWatch();
        var changes = new List<ConntrackPressureChange?>();

        foreach (double percent in new[] { 81, 79, 80.5, 76, 75.1, 74.9, 80 })
        {
            changes.Add(watch.Observe(At(percent)));
        }

        Assert.Equal(
            ["Normal->Warning", "-", "-", "-", "-", "Warning->Normal", "Normal->Warning"],
            changes.Select(c => c is null ? "-" : $"{c.From}->{c.To}"));
        Assert.False(changes[5]!.Rising);
    }

    [Fact]
    public void Critical_falls_back_to_warning_below_ninety_and_straight_to_normal_when_the_table_empties()
    {
        var watch = new ConntrackPressureWatch();
        watch.Observe(At(99));

        Assert.Null(watch.Observe(At(90)));
        Assert.Equal(ConntrackPressureLevel.Warning, watch.Observe(At(89.9))!.To);
        watch.Observe(At(96));
        Assert.Equal((ConntrackPressureLevel.Critical, ConntrackPressureLevel.Normal), (watch.Observe(At(2))!.From, watch.Level));
    }

    [Fact]
    public void Drops_are_counted_between_samples_and_never_backwards()
    {
        var watch = new ConntrackPressureWatch();

        watch.Observe(At(10, earlyDrops: 100, drops: 5));
        Assert.Equal((0ul, 0ul), (watch.NewEarlyDrops, watch.NewDrops));
        watch.Observe(At(10, earlyDrops: 160, drops: 7));
        Assert.Equal((60ul, 2ul), (watch.NewEarlyDrops, watch.NewDrops));
        watch.Observe(At(10, earlyDrops: 3, drops: 1));
        Assert.Equal((0ul, 0ul), (watch.NewEarlyDrops, watch.NewDrops));
    }

    [Fact]
    public void An_unknown_limit_is_zero_percent()
    {
        Assert.Equal(0, new ConntrackTableStatistics(500, 0, 0, 0, 0).Percent);
        Assert.Equal(ConntrackPressureLevel.Normal, ConntrackPressureWatch.LevelOf(0));
    }
}
