using Fulcrum.Core.Config;
using Fulcrum.Core.DataPlane;
using Fulcrum.Core.Health;
using Fulcrum.Core.Net;
using Fulcrum.Core.Tests.DataPlane;
using Fulcrum.Daemon.Events;
using Fulcrum.Daemon.Reconcile;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static Fulcrum.Core.Tests.DataPlane.Models;

namespace Fulcrum.Core.Tests.Daemon;

/// <summary>
/// The reconciler on a recording data plane: the exact plans it applies for a start, a health
/// change, an operator override and a reload; adoption and health seeds after a restart; a refused
/// apply retried after its delay.
/// </summary>
public sealed class ReconcilerTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly Dictionary<ServerKey, ushort> _health = [];
    private readonly List<(string Service, bool Up)> _quorum = [];
    private readonly EventRing _events;
    private RecordingDataPlane _kernel = new(DataPlaneModel.Empty);
    private Reconciler? _reconciler;

    public ReconcilerTests() => _events = new EventRing(_time);

    private Reconciler Reconciler => _reconciler ??= Create();

    public async ValueTask DisposeAsync()
    {
        if (_reconciler is not null)
        {
            await _reconciler.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_first_pass_adds_what_the_kernel_lacks()
    {
        var outcome = await Reconciler.StartAsync(DaemonConfigs.View(DaemonConfigs.Service("web", 80, (11, 1), (12, 2))), CancellationToken.None);

        Assert.True(outcome.Succeeded);
        var plan = Assert.Single(_kernel.Applied);
        var add = Assert.IsType<AddService>(Assert.Single(plan.Operations));
        Assert.Equal([(Rs(11), (ushort)1), (Rs(12), (ushort)2)], add.Service.Servers.Select(s => (s.Endpoint, s.Weight)));
        Assert.Contains(_events.Read(0).Events, e => e.Kind == EventKinds.DataPlaneApply);
        Assert.Equal([("web", true)], _quorum);
    }

    [Fact]
    public async Task A_health_change_is_a_single_weight_change()
    {
        await Reconciler.StartAsync(DaemonConfigs.View(DaemonConfigs.Service("web", 80, (11, 1), (12, 1))), CancellationToken.None);

        _health[new ServerKey("web", Rs(12))] = 0;
        Reconciler.HealthChanged([new ServerKey("web", Rs(12))]);
        await Reconciler.FlushAsync();

        Assert.Equal(2, _kernel.Applied.Count);
        Assert.Equal([new SetRealServerWeight("web", Rs(12), 1, 0)], _kernel.Applied[1].Operations);
        Assert.Equal(0, _kernel.Held.Find("web")!.FindServer(Rs(12))!.Weight);
    }

    [Fact]
    public async Task After_a_restart_servers_the_kernel_has_in_the_pool_stay_until_their_first_health_result()
    {
        _kernel = new RecordingDataPlane(Model(Service("web", 80, (11, 1), (12, 1))));

        // The checks have not answered: health alone would say "out" (initial: down).
        _health[new ServerKey("web", Rs(11))] = 0;
        _health[new ServerKey("web", Rs(12))] = 0;
        await Reconciler.StartAsync(DaemonConfigs.View(DaemonConfigs.Service("web", 80, (11, 1), (12, 1))), CancellationToken.None);
        Assert.Empty(_kernel.Applied);
        Assert.Equal([("web", true)], _quorum);

        // rs11 answers "up", rs12 "down": only rs12 leaves.
        _health[new ServerKey("web", Rs(11))] = 1;
        Reconciler.HealthChanged([new ServerKey("web", Rs(11)), new ServerKey("web", Rs(12))]);
        await Reconciler.FlushAsync();

        Assert.Equal([new SetRealServerWeight("web", Rs(12), 1, 0)], Assert.Single(_kernel.Applied).Operations);
    }

    [Fact]
    public async Task A_refused_apply_changes_nothing_is_recorded_and_is_retried_after_one_then_two_seconds()
    {
        _kernel.RejectNextApplyWith = "Operation not permitted";
        var outcome = await Reconciler.StartAsync(DaemonConfigs.View(DaemonConfigs.Service("web", 80, (11, 1))), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Contains("Operation not permitted", outcome.Error, StringComparison.Ordinal);
        Assert.Empty(_kernel.Applied);
        Assert.Equal(DataPlaneModel.Empty, _kernel.Held);
        Assert.Equal(1, Reconciler.Snapshot.ApplyErrors);
        Assert.Equal("Operation not permitted", Reconciler.Snapshot.LastError);
        var failed = Assert.Single(_events.Read(0).Events, e => e.Kind == EventKinds.DataPlaneError);
        Assert.Equal("1", failed.Fields["retry_in"]);

        // The retry fires after 1 s and is refused again: the next delay is 2 s.
        _kernel.RejectNextApplyWith = "still busy";
        var seen = _events.Last;
        _time.Advance(TimeSpan.FromSeconds(1));
        var second = await NextEventAsync(seen);
        Assert.Equal(EventKinds.DataPlaneError, second.Kind);
        Assert.Equal("2", second.Fields["retry_in"]);
        Assert.Empty(_kernel.Applied);

        // 2 s later the kernel accepts.
        seen = _events.Last;
        _time.Advance(TimeSpan.FromSeconds(2));
        var third = await NextEventAsync(seen);
        Assert.Equal(EventKinds.DataPlaneApply, third.Kind);
        Assert.IsType<AddService>(Assert.Single(Assert.Single(_kernel.Applied).Operations));
        Assert.Null(Reconciler.Snapshot.LastError);
        Assert.Equal(2, Reconciler.Snapshot.ApplyErrors);
    }

    [Fact]
    public async Task Drain_weight_and_enable_are_weight_changes_and_drain_survives_a_reload()
    {
        var services = DaemonConfigs.Service("web", 80, (11, 1), (12, 1)) + DaemonConfigs.Service("api", 443, (11, 1));
        await Reconciler.StartAsync(DaemonConfigs.View(services), CancellationToken.None);

        var drained = await Reconciler.SetOverrideAsync(ServerAction.Drain, null, Rs(11));
        Assert.Equal(
            [new SetRealServerWeight("api", Rs(11), 1, 0), new SetRealServerWeight("web", Rs(11), 1, 0)],
            _kernel.Applied[^1].Operations);
        Assert.Equal(2, drained.Changes.Count);

        await Reconciler.SetOverrideAsync(ServerAction.Weight, "web", Rs(12), 5);
        Assert.Equal([new SetRealServerWeight("web", Rs(12), 1, 5)], _kernel.Applied[^1].Operations);

        // Reload: a service added; the drain stays; rs12's weight override ends (its configured weight changed).
        var reloaded = DaemonConfigs.Service("web", 80, (11, 1), (12, 2)) + DaemonConfigs.Service("api", 443, (11, 1)) + DaemonConfigs.Service("ssh", 22, (13, 1));
        var outcome = await Reconciler.ReloadAsync(DaemonConfigs.View(reloaded));
        Assert.True(outcome.Succeeded);
        Assert.Equal(
            ["set weight of real server 192.168.20.12:80 of web: 5 -> 2", "add service ssh 203.0.113.100:22/tcp (1 real servers)"],
            _kernel.Applied[^1].Operations.Select(o => o.ToString()));
        Assert.Equal("drained", Reconciler.Snapshot.Overrides.Find(new ServerKey("web", Rs(11)))!.Admin);

        await Reconciler.SetOverrideAsync(ServerAction.Enable, "web", Rs(11));
        Assert.Equal([new SetRealServerWeight("web", Rs(11), 0, 1)], _kernel.Applied[^1].Operations);
        Assert.Equal(0, _kernel.Held.Find("api")!.FindServer(Rs(11))!.Weight);
    }

    [Fact]
    public async Task A_server_that_is_down_stays_out_whatever_the_operator_weight()
    {
        await Reconciler.StartAsync(DaemonConfigs.View(DaemonConfigs.Service("web", 80, (11, 1), (12, 1))), CancellationToken.None);
        _health[new ServerKey("web", Rs(12))] = 0;
        await Reconciler.SetOverrideAsync(ServerAction.Weight, "web", Rs(12), 7);

        Assert.Equal([new SetRealServerWeight("web", Rs(12), 1, 0)], _kernel.Applied[^1].Operations);
    }

    [Fact]
    public async Task An_override_naming_nothing_configured_fails_and_changes_nothing()
    {
        await Reconciler.StartAsync(DaemonConfigs.View(DaemonConfigs.Service("web", 80, (11, 1))), CancellationToken.None);

        var unknownServer = await Assert.ThrowsAsync<UnknownServerException>(() => Reconciler.SetOverrideAsync(ServerAction.Drain, "web", Rs(99)));
        var unknownService = await Assert.ThrowsAsync<UnknownServerException>(() => Reconciler.SetOverrideAsync(ServerAction.Drain, "nope", Rs(11)));

        Assert.Contains("192.168.20.99:80", unknownServer.Message, StringComparison.Ordinal);
        Assert.Contains("nope", unknownService.Message, StringComparison.Ordinal);
        Assert.Single(_kernel.Applied);
        Assert.Empty(Reconciler.Snapshot.Overrides.Entries);
    }

    [Fact]
    public async Task Quorum_is_reported_when_it_is_lost_and_met_again()
    {
        var services = "  - name: web\n    listen: 203.0.113.100:80/tcp\n    quorum: 2\n    servers:\n      - { address: 192.168.20.11:80 }\n      - { address: 192.168.20.12:80 }\n";
        await Reconciler.StartAsync(DaemonConfigs.View(services), CancellationToken.None);
        _health[new ServerKey("web", Rs(12))] = 0;
        Reconciler.HealthChanged([new ServerKey("web", Rs(12))]);
        await Reconciler.FlushAsync();
        _health.Remove(new ServerKey("web", Rs(12)));
        Reconciler.HealthChanged([new ServerKey("web", Rs(12))]);
        await Reconciler.FlushAsync();

        Assert.Equal([("web", true), ("web", false), ("web", true)], _quorum);
    }

    private Reconciler Create()
    {
        var reconciler = new Reconciler(
            _kernel,
            counters: null,
            (service, server, configured) => _health.TryGetValue(new ServerKey(service, server), out var w) ? w : configured,
            _events,
            metrics: null,
            NullLogger.Instance,
            _time);
        reconciler.ServiceQuorumChanged += (service, up) => _quorum.Add((service, up));
        return reconciler;
    }

    // The retry is posted by a timer callback and runs on the loop: wait for the event it records
    // (the real-time bound is a deadline for a hung loop, not a delay).
    private async Task<Fulcrum.Core.Status.RuntimeEvent> NextEventAsync(long after)
    {
        var page = await _events.ReadAsync(after, TimeSpan.FromDays(1), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        return Assert.Single(page.Events);
    }
}
