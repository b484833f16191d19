using Fulcrum.Core.DataPlane;
using Fulcrum.Core.Health;
using Fulcrum.Core.Tests.DataPlane;
using Fulcrum.Daemon.Events;
using Fulcrum.Daemon.Reconcile;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static Fulcrum.Core.Tests.DataPlane.Models;

namespace Fulcrum.Core.Tests.Daemon;

/// <summary>
/// A real server removed by a reload is drained first (weight 0: its flows go on, no new ones) and
/// removed from the kernel once a counter sample shows it idle, or after <see cref="Reconciler.RemoveGrace"/>.
/// </summary>
public sealed class ReconcilerDrainTests : IAsyncDisposable
{
    private static readonly string Two = DaemonConfigs.Service("web", 80, (11, 1), (12, 1));
    private static readonly string One = DaemonConfigs.Service("web", 80, (11, 1));

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly RecordingDataPlane _kernel = new(DataPlaneModel.Empty);
    private readonly RecordingCounters _counters;
    private readonly Reconciler _reconciler;

    public ReconcilerDrainTests()
    {
        _counters = new RecordingCounters(_kernel);
        _reconciler = new Reconciler(_kernel, _counters, (_, _, configured) => configured, new EventRing(_time), null, NullLogger.Instance, _time);
    }

    public async ValueTask DisposeAsync() => await _reconciler.DisposeAsync();

    private static readonly ServerKey Removed = new("web", Rs(12));

    private async Task StartAndRemoveRs12Async()
    {
        await _reconciler.StartAsync(DaemonConfigs.View(Two), CancellationToken.None);
        _counters.Connections[Rs(12)] = 3;
        await _reconciler.ReloadAsync(DaemonConfigs.View(One));
    }

    [Fact]
    public async Task A_removed_server_goes_to_weight_0_first_and_leaves_when_its_connections_end()
    {
        await StartAndRemoveRs12Async();

        Assert.Equal(2, _kernel.Applied.Count);
        Assert.Equal([new SetRealServerWeight("web", Rs(12), 1, 0)], _kernel.Applied[1].Operations);
        Assert.Equal(_time.GetUtcNow() + Reconciler.RemoveGrace, _reconciler.Snapshot.Draining[Removed]);

        // Still 3 connections: nothing more.
        await _reconciler.SampleAsync();
        _time.Advance(TimeSpan.FromSeconds(1));
        await _reconciler.SampleAsync();
        Assert.Equal(2, _kernel.Applied.Count);

        _counters.Connections[Rs(12)] = 0;
        _time.Advance(TimeSpan.FromSeconds(1));
        await _reconciler.SampleAsync();

        Assert.Equal(3, _kernel.Applied.Count);
        Assert.Equal([new RemoveRealServer("web", new RealServer(Rs(12), 0))], _kernel.Applied[2].Operations);
        Assert.Empty(_reconciler.Snapshot.Draining);
        Assert.Null(_kernel.Held.Find("web")!.FindServer(Rs(12)));
    }

    [Fact]
    public async Task A_removed_server_still_busy_leaves_after_the_grace_period()
    {
        await StartAndRemoveRs12Async();

        _time.Advance(Reconciler.RemoveGrace - TimeSpan.FromSeconds(1));
        await _reconciler.SampleAsync();
        Assert.Equal(2, _kernel.Applied.Count);

        _time.Advance(TimeSpan.FromSeconds(1));
        await _reconciler.SampleAsync();

        Assert.Equal([new RemoveRealServer("web", new RealServer(Rs(12), 0))], _kernel.Applied[^1].Operations);
        Assert.Equal(3, _kernel.Applied.Count);
    }

    [Fact]
    public async Task A_server_put_back_before_it_left_gets_its_weight_back_and_stays()
    {
        await StartAndRemoveRs12Async();

        await _reconciler.ReloadAsync(DaemonConfigs.View(Two));

        Assert.Equal([new SetRealServerWeight("web", Rs(12), 0, 1)], _kernel.Applied[^1].Operations);
        Assert.Empty(_reconciler.Snapshot.Draining);
        _counters.Connections[Rs(12)] = 0;
        _time.Advance(Reconciler.RemoveGrace);
        await _reconciler.SampleAsync();
        Assert.Equal(3, _kernel.Applied.Count);
    }

    [Fact]
    public async Task A_removed_service_goes_at_once()
    {
        await _reconciler.StartAsync(DaemonConfigs.View(Two + DaemonConfigs.Service("api", 443, (13, 1))), CancellationToken.None);

        await _reconciler.ReloadAsync(DaemonConfigs.View(Two));

        var remove = Assert.IsType<RemoveService>(Assert.Single(_kernel.Applied[^1].Operations));
        Assert.Equal("api", remove.Service.Name);
        Assert.Empty(_reconciler.Snapshot.Draining);
    }
}
