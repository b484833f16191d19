using System.Net;
using Fulcrum.Core.Collections;
using Fulcrum.Core.Config;
using Fulcrum.Core.Health;
using Fulcrum.Core.Net;
using Fulcrum.Health.Engine;
using Microsoft.Extensions.Time.Testing;
using static Fulcrum.Core.Tests.Health.HealthModels;

namespace Fulcrum.Core.Tests.Health;

/// <summary>The engine's schedule grid (<see cref="HealthEngine.DefaultTick"/>) on a fake clock: never early, at most one tick late, few wake-ups, even load.</summary>
public sealed class HealthEngineTickTests : IAsyncDisposable
{
    private static readonly TimeSpan Tick = HealthEngine.DefaultTick;

    private readonly FakeTimeProvider _time = FakeClock.Create();
    private readonly RecordingHealthChecker _checker;
    private readonly TestMeterFactory _meters = new();
    private readonly HealthEngine _engine;
    private readonly List<ServerHealthChanged> _serverEvents = [];

    public HealthEngineTickTests()
    {
        _checker = new RecordingHealthChecker(_time);
        _engine = new HealthEngine(_checker, new HealthMetrics(_meters), new RecordingLogger<HealthEngine>(), _time, new ProbeJitter(seed: 5));
        _engine.ServerHealthChanged += (_, e) => _serverEvents.Add(e);
    }

    public async ValueTask DisposeAsync()
    {
        await _engine.DisposeAsync();
        _meters.Dispose();
    }

    [Fact]
    public void The_default_tick_is_5_ms()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(5), HealthEngine.DefaultTick);
    }

    [Fact]
    public void Probes_start_on_the_tick_grid_never_before_their_time_and_at_most_one_tick_after()
    {
        var servers = Enumerable.Range(1, 200).Select(h => (h, (ushort)1)).ToArray();
        _engine.Apply(HealthPlan.Build([Service("web", Check(), 1, 80, servers)], Source));
        var jitter = new ProbeJitter(seed: 5);

        _time.Step(TimeSpan.FromSeconds(1));

        var first = _checker.Probes.GroupBy(p => p.Target).Select(g => g.First()).ToList();
        Assert.Equal(200, first.Count);
        foreach (var (at, target) in first)
        {
            TimeSpan due = jitter.FirstDelay(target);
            Assert.Equal(0, at.Ticks % Tick.Ticks);
            Assert.True(at >= due && at < due + Tick, $"due at {due}, started at {at}");
        }
    }

    [Fact]
    public void A_thousand_probes_a_second_wake_the_schedule_at_most_once_per_tick_and_no_100_ms_window_has_twice_the_mean()
    {
        // 1,000 targets (200 addresses × 5 ports) at 1 s.
        var services = Enumerable.Range(0, 5).Select(p => new VirtualServiceConfig(
            $"s{p}", new ListenEndpoint(IPAddress.Parse("203.0.113.100"), PortRange.Of((ushort)(80 + p)), L4Protocol.Tcp),
            Scheduler.WeightedRoundRobin, null, 1, null, Check(),
            Enumerable.Range(1, 200).Select(h => new RealServerConfig(Rs(h, (ushort)(8000 + p)), 1)).ToEquatableArray())).ToList();
        _engine.Apply(HealthPlan.Build(services, Source));

        _time.Step(TimeSpan.FromSeconds(5));

        var steady = _checker.Probes.Select(p => p.At).Where(at => at >= TimeSpan.FromSeconds(1) && at < TimeSpan.FromSeconds(5)).ToList();
        Assert.InRange(steady.Count, 3800, 4200); // 1,000 a second
        int wakeUps = steady.Distinct().Count();
        Assert.True(wakeUps <= TimeSpan.FromSeconds(4) / Tick, $"{wakeUps} distinct start times in 4 s");
        var windows = steady.GroupBy(at => (int)(at.TotalMilliseconds / 100)).Select(g => g.Count()).ToList();
        Assert.Equal(40, windows.Count);
        Assert.True(windows.Max() <= 2 * windows.Average(), $"busiest 100 ms window {windows.Max()}, mean {windows.Average()}");
    }

    [Fact]
    public void A_timeout_is_served_at_the_first_tick_at_or_after_it()
    {
        _engine.Apply(HealthPlan.Build([Service("web", Check(fall: 1, timeoutMs: 12), 1, 80, (11, 1))], Source));
        _checker.Set(Rs(11).Address, RecordingHealthChecker.Behavior.Hang);

        var deadline = TimeSpan.FromSeconds(1.1);
        for (TimeSpan t = TimeSpan.Zero; _checker.Probes.IsEmpty && t < deadline; t += TimeSpan.FromMilliseconds(1))
        {
            _time.Advance(TimeSpan.FromMilliseconds(1));
        }

        TimeSpan started = Assert.Single(_checker.Probes).At;
        Assert.Equal(0, started.Ticks % Tick.Ticks);
        _time.Step(TimeSpan.FromMilliseconds(14));
        Assert.Empty(_serverEvents); // the timeout (12 ms) has passed, but its tick (15 ms) has not come
        _time.Step(TimeSpan.FromMilliseconds(1));

        Assert.True(SpinWait.SpinUntil(() => _serverEvents.Count > 0, TimeSpan.FromSeconds(5)));
        ServerHealthChanged down = Assert.Single(_serverEvents);
        Assert.Equal(HealthStatus.Down, down.Change.Current);
        Assert.Equal(ProbeOutcome.Timeout, down.Change.Result.Outcome);
        Assert.Equal(started + TimeSpan.FromMilliseconds(15), down.At - FakeClock.Start);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(1.5)]
    [InlineData(51.0)]
    public void The_tick_is_whole_milliseconds_from_1_to_50(double milliseconds)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new HealthEngine(_checker, new HealthMetrics(_meters), new RecordingLogger<HealthEngine>(), _time, tick: TimeSpan.FromMilliseconds(milliseconds)));
        Assert.Equal("tick", e.ParamName);
        Assert.Contains("1 ms to 50 ms", e.Message, StringComparison.Ordinal);
    }
}
