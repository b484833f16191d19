using Fulcrum.Core.Config;
using Fulcrum.Core.Conntrack;
using Fulcrum.Core.Tests.Health;
using Fulcrum.Daemon.Events;
using Fulcrum.Daemon.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Fulcrum.Core.Tests.Daemon;

/// <summary>
/// The daemon's conntrack monitor, one sample at a time on a scripted kernel and a fake clock: the
/// status it keeps, the <c>conntrack_pressure</c> events and log lines at each crossing, the
/// rate-limited "flows dropped" line, and a failed read.
/// </summary>
public sealed class ConntrackMonitorServiceTests : IDisposable
{
    private const long Max = 262_144;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly ScriptedConntrackStatistics _kernel = new();
    private readonly RecordingLogger<ConntrackMonitorService> _log = new();
    private readonly DirectoryInfo _stateDir = Directory.CreateTempSubdirectory("fulcrum-ct-");
    private readonly EventRing _events;
    private readonly ConntrackMonitorService _monitor;

    public ConntrackMonitorServiceTests()
    {
        _events = new EventRing(_time);
        NodeView view = DaemonConfigs.View(DaemonConfigs.Service("web", 80, (11, 1)));
        var context = new DaemonContext(new DaemonOptions("test.yaml", "lb1", null, null, null), NodePaths.For(_stateDir.FullName, "lb1"), new LoadedConfig("test.yaml", view, "sha", _time.GetUtcNow()), _events, _time);
        _monitor = new ConntrackMonitorService(context, _kernel, _log);
    }

    public void Dispose()
    {
        _monitor.Dispose();
        _stateDir.Delete(recursive: true);
    }

    private void Sample(long entries, ulong earlyDrops = 0, ulong drops = 0)
    {
        _kernel.Next = new ConntrackTableStatistics(entries, Max, earlyDrops, drops, 0);
        _monitor.Sample();
        _time.Advance(ConntrackMonitorService.Interval);
    }

    private List<Fulcrum.Core.Status.RuntimeEvent> PressureEvents() => [.. _events.Read(0).Events.Where(e => e.Kind == EventKinds.ConntrackPressure)];

    [Fact]
    public void The_status_is_the_latest_sample_with_its_level()
    {
        Sample(1_234, earlyDrops: 3, drops: 1);

        Assert.Equal(new Fulcrum.Core.Status.ConntrackTableStatus(1_234, Max, 0.5, "normal", 3, 1, 0, _time.GetUtcNow() - ConntrackMonitorService.Interval), _monitor.Status);
        Assert.Empty(PressureEvents());
        Assert.Empty(_log.Lines);
    }

    [Fact]
    public void Crossing_eighty_then_ninety_five_percent_raises_an_event_and_a_warning_each_and_recovery_one_more()
    {
        Sample(200_000);
        Sample(209_716); // 80.0 %
        Sample(215_000);
        Sample(249_037, earlyDrops: 40); // 95.0 %
        Sample(10_000, earlyDrops: 40);

        var events = PressureEvents();
        Assert.Equal(["warning", "critical", "normal"], events.Select(e => e.Fields!["level"]));
        Assert.Equal("conntrack table 209716/262144 (80.0 %) full: warning (early drops 0, drops 0)", events[0].Message);
        Assert.Equal(("249037", "262144", "95.0", "40"), (events[1].Fields!["entries"], events[1].Fields!["max"], events[1].Fields!["percent"], events[1].Fields!["early_drops"]));
        Assert.Equal("conntrack table back to normal: 10000/262144 (3.8 %)", events[2].Message);
        Assert.Equal(
            [(7070, LogLevel.Warning), (7070, LogLevel.Warning), (7072, LogLevel.Warning), (7071, LogLevel.Information)],
            _log.Lines.Select(l => (l.EventId, l.Level)));
        Assert.Equal("normal", _monitor.Status!.Level);
    }

    [Fact]
    public void Dropped_flows_are_logged_at_once_then_at_most_once_a_minute_with_the_count_since()
    {
        Sample(262_144, earlyDrops: 0, drops: 0);
        Sample(262_144, earlyDrops: 500, drops: 2);
        for (int second = 0; second < 59; second++)
        {
            Sample(262_144, earlyDrops: 500 + (ulong)second + 1, drops: 2);
        }

        Sample(262_144, earlyDrops: 700, drops: 9);

        var dropLines = _log.Lines.Where(l => l.EventId == 7072).Select(l => l.Message).ToList();
        Assert.Equal(2, dropLines.Count);
        Assert.StartsWith("Conntrack: the kernel evicted 500 flow(s) and refused 2 new flow(s)", dropLines[0], StringComparison.Ordinal);
        Assert.StartsWith("Conntrack: the kernel evicted 200 flow(s) and refused 7 new flow(s)", dropLines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_read_clears_the_status_and_is_logged_once_until_a_read_works_again()
    {
        Sample(1_000);
        _kernel.Failure = new InvalidOperationException("EPERM");

        _monitor.Sample();
        _monitor.Sample();

        Assert.Null(_monitor.Status);
        Assert.Single(_log.Lines, l => l.EventId == 7073 && l.Message.Contains("EPERM", StringComparison.Ordinal));
        _kernel.Failure = null;
        Sample(1_000);
        Assert.NotNull(_monitor.Status);
        Assert.Equal(4, _kernel.Reads);
    }
}
