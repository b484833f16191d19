using Fulcrum.Core.Health;
using static Fulcrum.Core.Tests.Health.HealthModels;

namespace Fulcrum.Core.Tests.Health;

public sealed class ProbeJitterTests
{
    private static ProbeTarget Target(int host, int intervalMs = 1000, int retryMs = 0) =>
        ProbeTarget.For(Rs(host % 250 + 1, (ushort)(1000 + host)), Check(intervalMs: intervalMs, timeoutMs: 100, retryMs: retryMs), Source);

    [Fact]
    public void Equal_seeds_give_equal_schedules_and_different_seeds_different_ones()
    {
        var a = new ProbeJitter(42);
        var b = new ProbeJitter(42);
        var c = new ProbeJitter(43);
        var targets = Enumerable.Range(0, 20).Select(i => Target(i)).ToList();

        Assert.Equal(targets.Select(a.FirstDelay), targets.Select(b.FirstDelay));
        Assert.Equal(targets.Select(t => a.NextInterval(t, 7)), targets.Select(t => b.NextInterval(t, 7)));
        Assert.NotEqual(targets.Select(a.FirstDelay), targets.Select(c.FirstDelay));
    }

    [Fact]
    public void First_probes_of_many_targets_spread_evenly_over_one_interval()
    {
        var jitter = new ProbeJitter(1);
        var delays = Enumerable.Range(0, 5000).Select(i => jitter.FirstDelay(Target(i))).ToList();

        Assert.All(delays, d => Assert.True(d >= TimeSpan.Zero && d < TimeSpan.FromSeconds(1), $"{d} is outside the first interval"));
        // Ten 100 ms windows: each should hold about 500 first probes; none more than twice that.
        var windows = delays.GroupBy(d => (int)(d.TotalMilliseconds / 100)).Select(g => g.Count()).ToList();
        Assert.Equal(10, windows.Count);
        Assert.All(windows, count => Assert.InRange(count, 400, 600));
    }

    [Fact]
    public void Later_intervals_vary_within_the_fraction_and_average_to_the_interval()
    {
        var jitter = new ProbeJitter(7, fraction: 0.1);
        ProbeTarget target = Target(3);
        var intervals = Enumerable.Range(1, 2000).Select(n => jitter.NextInterval(target, n).TotalMilliseconds).ToList();

        Assert.All(intervals, ms => Assert.InRange(ms, 900, 1100));
        Assert.InRange(intervals.Average(), 990, 1010);
        Assert.True(intervals.Distinct().Count() > 1000, "the intervals should vary");
    }

    [Fact]
    public void Zero_fraction_gives_the_exact_interval()
    {
        var jitter = new ProbeJitter(7, fraction: 0);

        Assert.Equal(TimeSpan.FromSeconds(1), jitter.NextInterval(Target(1), 5));
    }

    [Fact]
    public void Next_delay_subtracts_the_probe_time_and_uses_the_retry_delay_only_while_confirming_a_failure()
    {
        var jitter = new ProbeJitter(7, fraction: 0);
        ProbeTarget target = Target(1, retryMs: 200);

        Assert.Equal(TimeSpan.FromMilliseconds(700), jitter.NextDelay(target, 1, TimeSpan.FromMilliseconds(300), confirmingFailure: false));
        Assert.Equal(TimeSpan.FromMilliseconds(200), jitter.NextDelay(target, 1, TimeSpan.FromMilliseconds(300), confirmingFailure: true));
        Assert.Equal(TimeSpan.FromMilliseconds(700), jitter.NextDelay(Target(1), 1, TimeSpan.FromMilliseconds(300), confirmingFailure: true));
        Assert.Equal(TimeSpan.Zero, jitter.NextDelay(target, 1, TimeSpan.FromSeconds(2), confirmingFailure: false));
    }

    [Fact]
    public void Fractions_outside_zero_to_one_half_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProbeJitter(1, -0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProbeJitter(1, 0.6));
    }
}
