using System.Net;
using Fulcrum.Core.Config;
using Fulcrum.Core.DataPlane;
using Fulcrum.Core.Health;
using Fulcrum.Health.Engine;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using static Fulcrum.Core.Tests.Health.HealthModels;

namespace Fulcrum.Core.Tests.Health;

/// <summary>The engine on a fake clock with a recording checker: schedules, transitions, events, logs, metrics, reload.</summary>
public sealed class HealthEngineTests : IAsyncDisposable
{
    private static readonly ProbeResult Refused = ProbeResult.Failed(ProbeOutcome.Refused, "connection refused");

    private readonly FakeTimeProvider _time = FakeClock.Create();
    private readonly RecordingHealthChecker _checker;
    private readonly RecordingLogger<HealthEngine> _log = new();
    private readonly TestMeterFactory _meters = new();
    private readonly HealthEngine _engine;
    private readonly List<ServerHealthChanged> _serverEvents = [];
    private readonly List<ServiceHealthChanged> _serviceEvents = [];

    public HealthEngineTests()
    {
        _checker = new RecordingHealthChecker(_time);
        _engine = new HealthEngine(_checker, new HealthMetrics(_meters), _log, _time, new ProbeJitter(seed: 11), TimeSpan.FromMilliseconds(1));
        _engine.ServerHealthChanged += (_, e) => _serverEvents.Add(e);
        _engine.ServiceHealthChanged += (_, e) => _serviceEvents.Add(e);
    }

    public async ValueTask DisposeAsync()
    {
        await _engine.DisposeAsync();
        _meters.Dispose();
    }

    [Fact]
    public void First_probes_run_at_their_jittered_offsets_spread_over_one_interval_not_at_start_up()
    {
        var servers = Enumerable.Range(1, 200).Select(h => (h, (ushort)1)).ToArray();
        _engine.Apply(HealthPlan.Build([Service("web", Check(), 1, 80, servers)], Source));
        var jitter = new ProbeJitter(seed: 11);

        Assert.Empty(_checker.Probes);
        _time.Step(TimeSpan.FromSeconds(1));

        var first = _checker.Probes.GroupBy(p => p.Target).Select(g => g.First()).ToList();
        Assert.Equal(200, first.Count);
        foreach (var (at, target) in first)
        {
            TimeSpan expected = jitter.FirstDelay(target);
            Assert.InRange(at, expected, expected + TimeSpan.FromMilliseconds(1));
        }

        int busiest = first.GroupBy(p => (int)(p.At.TotalMilliseconds / 100)).Max(g => g.Count());
        Assert.True(busiest <= 40, $"{busiest} first probes in one 100 ms window; 20 expected on average");
    }

    [Fact]
    public void Each_target_is_probed_about_once_per_interval()
    {
        _engine.Apply(HealthPlan.Build([Service("web", Check(intervalMs: 200, timeoutMs: 100), 1, 80, (11, 1))], Source));

        _time.Step(TimeSpan.FromSeconds(10));

        int probes = _checker.TimesOf(Rs(11).Address).Count;
        Assert.InRange(probes, 48, 52); // 10 s / 200 ms, ±10 % jitter per interval averaging out
        var gaps = _checker.TimesOf(Rs(11).Address).Zip(_checker.TimesOf(Rs(11).Address).Skip(1), (a, b) => b - a).ToList();
        Assert.All(gaps, gap => Assert.InRange(gap.TotalMilliseconds, 179, 221));
    }

    [Fact]
    public void A_server_comes_up_on_its_first_success_and_goes_down_after_fall_failures_each_change_raised_logged_and_counted_once()
    {
        _engine.Apply(HealthPlan.Build([Service("web", Check(fall: 3), 1, 80, (11, 1))], Source));
        IPAddress rs11 = Rs(11).Address;
        _time.Step(TimeSpan.FromSeconds(1));
        ServerHealthChanged up = Assert.Single(_serverEvents);
        Assert.Equal((HealthStatus.Unknown, HealthStatus.Up), (up.Change.Previous, up.Change.Current));
        Assert.Equal(1, _engine.EffectiveWeight("web", Rs(11), 1));

        _checker.Answer(rs11, Refused);
        _time.Step(TimeSpan.FromSeconds(2.2));
        Assert.Single(_serverEvents); // two failures: still up
        Assert.Equal(1, _engine.EffectiveWeight("web", Rs(11), 1));
        _time.Step(TimeSpan.FromSeconds(1));

        Assert.Equal(2, _serverEvents.Count);
        ServerHealthChanged down = _serverEvents[1];
        Assert.Equal((HealthStatus.Up, HealthStatus.Down), (down.Change.Previous, down.Change.Current));
        Assert.Equal("connection refused", down.Change.Result.Reason);
        Assert.Equal([new ServerKey("web", Rs(11))], down.Servers);
        Assert.Equal(0, _engine.EffectiveWeight("web", Rs(11), 1));

        var transitions = _log.Lines.Where(l => l.EventId is 5001 or 5002).ToList();
        Assert.Equal(2, transitions.Count);
        Assert.Equal(LogLevel.Warning, transitions[1].Level);
        Assert.Equal("tcp 192.168.20.11:80 is down (was Up) for web/192.168.20.11:80: connection refused", transitions[1].Message);
        Assert.Equal(1, _meters.Count("fulcrum.health.transitions|kind=tcp|to=down"));
        Assert.Equal(1, _meters.Count("fulcrum.health.transitions|kind=tcp|to=up"));
        Assert.Equal(_checker.Probes.Count, _meters.Count("fulcrum.health.probes|"));
        Assert.True(_meters.Count("fulcrum.health.probes|kind=tcp|outcome=refused") >= 3);
    }

    [Fact]
    public void The_retry_delay_shortens_the_wait_only_while_a_failure_is_being_confirmed()
    {
        _engine.Apply(HealthPlan.Build([Service("web", Check(fall: 3, intervalMs: 1000, timeoutMs: 100, retryMs: 100), 1, 80, (11, 1))], Source));
        IPAddress rs11 = Rs(11).Address;
        _time.Step(TimeSpan.FromSeconds(1)); // up
        _checker.Answer(rs11, Refused);
        int before = _checker.Probes.Count;

        _time.Step(TimeSpan.FromSeconds(1.3)); // next regular probe fails, then two retries 100 ms apart

        Assert.Equal(HealthStatus.Down, _serverEvents[^1].Change.Current);
        var times = _checker.TimesOf(rs11).Skip(before - 0).ToList();
        Assert.Equal(3, times.Count);
        Assert.Equal(TimeSpan.FromMilliseconds(100), times[1] - times[0]);
        Assert.Equal(TimeSpan.FromMilliseconds(100), times[2] - times[1]);
        _time.Step(TimeSpan.FromSeconds(2));
        var afterDown = _checker.TimesOf(rs11).Skip(before + 2).ToList();
        Assert.All(afterDown.Zip(afterDown.Skip(1), (a, b) => b - a), gap => Assert.True(gap >= TimeSpan.FromMilliseconds(900), $"probed again after {gap} while down"));
    }

    [Fact]
    public void A_probe_that_hangs_is_cancelled_at_its_timeout_and_counts_as_a_failure()
    {
        _engine.Apply(HealthPlan.Build([Service("web", Check(fall: 1, timeoutMs: 300), 1, 80, (11, 1))], Source));
        _checker.Set(Rs(11).Address, RecordingHealthChecker.Behavior.Hang);

        _time.Step(TimeSpan.FromSeconds(1.4));

        Assert.True(SpinWait.SpinUntil(() => _serverEvents.Count > 0, TimeSpan.FromSeconds(5)));
        Assert.Equal(HealthStatus.Down, _serverEvents[0].Change.Current);
        Assert.Equal(ProbeOutcome.Timeout, _serverEvents[0].Change.Result.Outcome);
    }

    [Fact]
    public void The_last_probe_latency_of_each_target_is_in_its_snapshot_and_the_check_latency_gauge()
    {
        _engine.Apply(HealthPlan.Build([Service("web", Check(fall: 1, timeoutMs: 300), 1, 80, (11, 1), (12, 1))], Source));
        Assert.All(_engine.Targets(), t => Assert.Null(t.LastLatency)); // no probe yet
        _checker.Set(Rs(11).Address, RecordingHealthChecker.Behavior.Hang);
        TimeSpan? Latency(int host) => _engine.Targets().Single(t => t.Target.Address.Equals(Rs(host).Address)).LastLatency;

        // rs11 hangs until its timeout; the clock stands still while its cancelled probe ends.
        for (int ms = 0; _checker.TimesOf(Rs(11).Address).Count == 0 && ms < 1000; ms++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(1));
        }

        _time.Step(TimeSpan.FromMilliseconds(300));
        Assert.True(SpinWait.SpinUntil(() => Latency(11) is not null, TimeSpan.FromSeconds(5)));
        Assert.Equal(TimeSpan.FromMilliseconds(300), Latency(11));
        _meters.ReadObservables();
        Assert.Equal(0.3, _meters.Values["check.latency|check=tcp|target=192.168.20.11:80"], 6);

        // rs12's fake answers at once, inside its start.
        for (int ms = 0; Latency(12) is null && ms < 1000; ms++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(1));
        }

        Assert.Equal(TimeSpan.Zero, Latency(12));
        _meters.ReadObservables();
        Assert.Equal(0.0, _meters.Values["check.latency|check=tcp|target=192.168.20.12:80"], 6);
    }

    [Fact]
    public async Task A_checker_that_ignores_its_timeout_cannot_stall_the_target()
    {
        _engine.Apply(HealthPlan.Build([Service("web", Check(fall: 1, timeoutMs: 300), 1, 80, (11, 1))], Source));
        _checker.Set(Rs(11).Address, RecordingHealthChecker.Behavior.Stuck);
        _time.Step(TimeSpan.FromSeconds(1));
        int started = _checker.Probes.Count;
        Assert.Equal(1, started);

        // The engine gives up at timeout + grace and schedules the next probe.
        _time.Step(TimeSpan.FromMilliseconds(300) + HealthEngine.StuckCheckerGrace + TimeSpan.FromMilliseconds(5));
        Assert.True(SpinWait.SpinUntil(() => _serverEvents.Count > 0, TimeSpan.FromSeconds(5)));
        Assert.Equal("the check did not end after its timeout", _serverEvents[0].Change.Result.Reason);
        Assert.Contains(_log.Lines, l => l.EventId == 5007);
        // The engine gave up on a thread-pool continuation; step the clock until it has re-armed the timer.
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        while (_checker.Probes.Count == started && deadline.Elapsed < TimeSpan.FromSeconds(5))
        {
            _time.Advance(TimeSpan.FromMilliseconds(10));
            await Task.Yield();
        }

        Assert.True(_checker.Probes.Count > started, "the target was never probed again");
    }

    [Fact]
    public void Quorum_crossings_are_raised_once_each_and_is_service_up_follows()
    {
        _engine.Apply(HealthPlan.Build([Service("web", Check(fall: 1), 2, 80, (11, 1), (12, 1))], Source));
        Assert.False(_engine.IsServiceUp("web"));
        ServiceHealthChanged initial = Assert.Single(_serviceEvents);
        Assert.False(initial.Current.IsUp);

        _time.Step(TimeSpan.FromSeconds(1));
        Assert.True(_engine.IsServiceUp("web"));
        Assert.Equal(2, _serviceEvents.Count);
        Assert.True(_serviceEvents[1].Current.IsUp);

        _checker.Answer(Rs(12).Address, Refused);
        _time.Step(TimeSpan.FromSeconds(1.2));

        Assert.False(_engine.IsServiceUp("web"));
        Assert.Equal(3, _serviceEvents.Count);
        Assert.Equal(new ServiceHealth("web", 1, 2, 2), _serviceEvents[2].Current);
        Assert.Contains(_log.Lines, l => l.EventId == 5005 && l.Message == "service web is down: 1 of 2 servers usable, quorum 2");
    }

    [Fact]
    public void The_weight_policy_drives_the_desired_data_plane_and_its_sorry_server()
    {
        ClusterConfig config = Fulcrum.Core.Tests.Config.ConfigText.Parse(Fulcrum.Core.Tests.Config.ConfigText.Valid).Config!;
        VirtualServiceConfig web = config.FindService("web")! with { Sorry = Rs(99), Quorum = 2 };
        config = config with { Services = [web, config.FindService("dns")!] };
        _engine.Apply(config.ForNode("lb1"));
        _checker.Answer(Rs(12).Address, Refused);

        _time.Step(TimeSpan.FromSeconds(1));
        VirtualService service = DesiredStateBuilder.Build(config, _engine.WeightPolicy).Services.Single(s => s.Name == "web");

        Assert.Equal(3, service.FindServer(Rs(11))!.Weight);
        Assert.Equal(0, service.FindServer(new Net.ServerEndpoint(Rs(12).Address, null))!.Weight);
        Assert.True(service.SorryActive); // 1 usable < quorum 2
        Assert.False(_engine.IsServiceUp("web"));
        Assert.True(_engine.IsServiceUp("dns")); // no check: always healthy
        Assert.All(_checker.Probes, p => Assert.Equal(IPAddress.Parse("192.168.20.1"), p.Target.Source));
    }

    [Fact]
    public void Reload_keeps_unchanged_targets_state_and_schedule_stops_removed_ones_and_starts_new_ones_down()
    {
        HealthCheckConfig check = Check();
        _engine.Apply(HealthPlan.Build([Service("web", check, 1, 80, (11, 1), (12, 1))], Source));
        _time.Step(TimeSpan.FromSeconds(1.5));
        var keptTimesBefore = _checker.TimesOf(Rs(11).Address);

        HealthPlanDiff diff = _engine.Apply(HealthPlan.Build([Service("web", check, 1, 80, (11, 1), (13, 1))], Source));
        Assert.Equal((1, 1, 1), (diff.Added.Count, diff.Removed.Count, diff.Kept.Count));
        Assert.Equal(HealthStatus.Up, _engine.Targets().Single(t => t.Target.Address.Equals(Rs(11).Address)).Status);
        Assert.Equal(HealthStatus.Unknown, _engine.Targets().Single(t => t.Target.Address.Equals(Rs(13).Address)).Status);
        Assert.Equal(0, _engine.EffectiveWeight("web", Rs(13), 1));
        int removedProbes = _checker.TimesOf(Rs(12).Address).Count;

        _time.Step(TimeSpan.FromSeconds(3));

        Assert.Equal(removedProbes, _checker.TimesOf(Rs(12).Address).Count);
        Assert.InRange(_checker.TimesOf(Rs(13).Address)[0], TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(2.5));
        // The kept target continues the schedule it had: the same times as an engine that was never reloaded.
        var reference = new RecordingHealthChecker(_time);
        var jitter = new ProbeJitter(seed: 11);
        ProbeTarget kept = diff.Kept[0];
        TimeSpan next = jitter.FirstDelay(kept);
        var expected = new List<TimeSpan>();
        for (long n = 1; next <= TimeSpan.FromSeconds(4.5); n++)
        {
            expected.Add(next);
            next += jitter.NextInterval(kept, n);
        }

        // (The clock moves in 1 ms steps, so each probe may start up to 1 ms late, and the lag adds up.)
        var actual = _checker.TimesOf(Rs(11).Address);
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.InRange((actual[i] - expected[i]).TotalMilliseconds, 0, i + 1);
        }

        Assert.True(keptTimesBefore.Count >= 1);
        Assert.Empty(reference.Probes);
    }

    [Fact]
    public void A_throwing_subscriber_is_logged_and_probing_goes_on()
    {
        _engine.ServerHealthChanged += (_, _) => throw new InvalidOperationException("subscriber bug");
        _engine.Apply(HealthPlan.Build([Service("web", Check(fall: 1), 1, 80, (11, 1))], Source));

        _time.Step(TimeSpan.FromSeconds(1));
        _checker.Answer(Rs(11).Address, Refused);
        _time.Step(TimeSpan.FromSeconds(1.2));

        Assert.Equal(2, _serverEvents.Count);
        Assert.Equal(2, _log.Lines.Count(l => l.EventId == 5009));
    }

    [Fact]
    public async Task Dispose_cancels_probes_in_flight_and_waits_for_them()
    {
        _engine.Apply(HealthPlan.Build([Service("web", Check(timeoutMs: 900), 1, 80, (11, 1))], Source));
        _checker.Set(Rs(11).Address, RecordingHealthChecker.Behavior.Hang);
        _time.Step(TimeSpan.FromSeconds(1));
        Assert.Single(_checker.Probes);

        await _engine.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));

        _time.Step(TimeSpan.FromSeconds(3));
        Assert.Single(_checker.Probes);
        Assert.Empty(_serverEvents); // a cancelled probe's result is not recorded
        Assert.Throws<ObjectDisposedException>(() => _engine.Apply(HealthPlan.Empty));
    }
}
