using Fulcrum.Core.Config;
using Fulcrum.Core.DataPlane;
using Fulcrum.Core.Health;
using Fulcrum.Core.Net;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Health.Engine;

/// <summary>
/// Runs the health checks of one node: one probe loop per distinct <see cref="ProbeTarget"/>, all on
/// one schedule (a priority queue of start, timeout and give-up times served by a single timer from
/// the injected <see cref="TimeProvider"/>: no timer per target or per probe), results folded into a
/// <see cref="HealthBook"/>. The data plane sees the result through <see cref="WeightPolicy"/> (a server
/// that is out of the pool weighs 0) and learns of each change from <see cref="ServerHealthChanged"/>;
/// the HA tracking follows <see cref="ServiceHealthChanged"/> (quorum).
/// </summary>
/// <remarks>
/// Event handlers run synchronously, one at a time, in the order the changes happened, on the thread
/// that completed the probe: they must be quick (queue work, do not block).
/// </remarks>
public sealed partial class HealthEngine : IAsyncDisposable
{
    /// <summary>How long past its timeout a checker may take before the engine stops waiting and counts a failure.</summary>
    public static readonly TimeSpan StuckCheckerGrace = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The schedule's default grid: a start, timeout or give-up is served at the first multiple of it (from
    /// the engine's creation) at or after its time, so it is never early and at most this late. Each wake-up
    /// of the timer costs a thread-pool dispatch (and that thread's idle spinning afterwards), so at 5,000
    /// probes a second a 1 ms grid woke the pool ~1,000 times a second; 5 ms is small next to the shortest
    /// interval (100 ms) and timeout (10 ms) the configuration allows.
    /// </summary>
    public static readonly TimeSpan DefaultTick = TimeSpan.FromMilliseconds(5);

    private readonly Lock _gate = new();
    private readonly IHealthChecker _checker;
    private readonly HealthMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ProbeJitter _jitter;
    private readonly HealthBook _book = new();
    private readonly Dictionary<ProbeTarget, ProbeLoop> _loops = [];
    private readonly PriorityQueue<(ProbeLoop Loop, long Version), (TimeSpan Due, long Order)> _schedule = new();
    private readonly List<(ProbeLoop Loop, long Sequence, CancellationToken Token)> _starts = [];
    private readonly ITimer _timer;
    private readonly long _origin;
    private readonly long _tickTicks;
    private TimeSpan _armedFor = TimeSpan.MaxValue;
    private long _order;
    private bool _disposed;

    /// <summary>Creates an engine that probes nothing until <see cref="Apply(NodeView)"/>.</summary>
    /// <param name="checker">Runs the probes.</param>
    /// <param name="metrics">Where probes and transitions are counted.</param>
    /// <param name="logger">Where transitions are logged.</param>
    /// <param name="time">The clock; null for the system clock.</param>
    /// <param name="jitter">When probes run; null for seed 0 and ±10 %.</param>
    /// <param name="tick">The schedule's grid, 1 ms to 50 ms; null for <see cref="DefaultTick"/>.</param>
    public HealthEngine(IHealthChecker checker, HealthMetrics metrics, ILogger<HealthEngine> logger, TimeProvider? time = null, ProbeJitter? jitter = null,
        TimeSpan? tick = null)
    {
        TimeSpan grid = tick ?? DefaultTick;
        if (grid < TimeSpan.FromMilliseconds(1) || grid > TimeSpan.FromMilliseconds(50) || grid.Ticks % TimeSpan.TicksPerMillisecond != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(tick), grid, "the schedule's tick is whole milliseconds, 1 ms to 50 ms");
        }

        _tickTicks = grid.Ticks;
        _checker = checker ?? throw new ArgumentNullException(nameof(checker));
        _metrics = metrics ?? throw new ArgumentNullException(nameof(metrics));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _time = time ?? TimeProvider.System;
        _jitter = jitter ?? new ProbeJitter(0);
        WeightPolicy = EffectiveWeight;
        _origin = _time.GetTimestamp();
        TimerCallback fire = static state => ((HealthEngine)state!).Tick();
        _metrics.Observe(Targets);
        _timer = _time == TimeProvider.System
            ? new ScheduleThread(fire, this, "health schedule") // no thread-pool hop per tick (see ScheduleThread)
            : _time.CreateTimer(fire, this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>A target changed status, pool membership or dynamic weight: once per change.</summary>
    public event EventHandler<ServerHealthChanged>? ServerHealthChanged;

    /// <summary>A service crossed its quorum, or was reported for the first time.</summary>
    public event EventHandler<ServiceHealthChanged>? ServiceHealthChanged;

    /// <summary>Effective weights for <see cref="DesiredStateBuilder.Build"/>: 0 for a server that is out of the pool.</summary>
    public ServerWeightPolicy WeightPolicy { get; }

    /// <summary>Starts probing what <paramref name="view"/> configures, or reloads: see <see cref="Apply(HealthPlan)"/>.</summary>
    public HealthPlanDiff Apply(NodeView view) => Apply(HealthPlan.Build(view));

    /// <summary>
    /// Switches to <paramref name="plan"/>. Unchanged targets keep their state and schedule; removed ones
    /// stop (a probe in flight is cancelled and its result ignored); new ones start unknown, their first
    /// probes spread over one interval.
    /// </summary>
    public HealthPlanDiff Apply(HealthPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            HealthPlanDiff diff = _book.Apply(plan, _time.GetUtcNow(), out IReadOnlyList<ServiceHealthChanged> services);
            foreach (ProbeTarget removed in diff.Removed)
            {
                _loops.Remove(removed, out ProbeLoop? loop);
                loop!.Stop();
            }

            foreach (ProbeTarget added in diff.Added)
            {
                var loop = new ProbeLoop(this, added);
                _loops.Add(added, loop);
                loop.Start(_jitter.FirstDelay(added));
            }

            HealthLog.PlanApplied(_logger, diff.Added.Count, diff.Removed.Count, diff.Kept.Count);
            foreach (ServiceHealthChanged change in services)
            {
                Report(change);
            }

            return diff;
        }
    }

    /// <summary>The weight the data plane should give a server; see <see cref="HealthBook.EffectiveWeight"/>.</summary>
    public ushort EffectiveWeight(string service, ServerEndpoint server, ushort configuredWeight)
    {
        lock (_gate)
        {
            return _book.EffectiveWeight(service, server, configuredWeight);
        }
    }

    /// <summary>The health of service <paramref name="name"/>, or null when it is not configured.</summary>
    public ServiceHealth? ServiceHealth(string name)
    {
        lock (_gate)
        {
            return _book.Service(name);
        }
    }

    /// <summary>True when service <paramref name="name"/> has at least its quorum of usable servers.</summary>
    public bool IsServiceUp(string name) => ServiceHealth(name)?.IsUp ?? false;

    /// <summary>The health of every configured service.</summary>
    public IReadOnlyList<ServiceHealth> Services()
    {
        lock (_gate)
        {
            return _book.Services();
        }
    }

    /// <summary>A snapshot of every target, ordered by address, port and kind.</summary>
    public IReadOnlyList<TargetHealth> Targets()
    {
        lock (_gate)
        {
            return
            [
                .. _book.Plan.Targets
                    .Select(pair => (pair.Key, pair.Value, State: _book.StateOf(pair.Key)!))
                    .Select(t => new TargetHealth(t.Key, t.Value, t.State.Status, t.State.InPool, t.State.DynamicWeight,
                        t.State.Successes, t.State.Failures, t.State.Probes, t.State.LastResult, _loops.GetValueOrDefault(t.Key)?.LastLatency))
                    .OrderBy(t => t.Target.Address.GetAddressBytes(), ByteOrder.Instance)
                    .ThenBy(t => t.Target.Port)
                    .ThenBy(t => t.Target.Kind, StringComparer.Ordinal),
            ];
        }
    }

    /// <summary>Stops every probe loop and waits for probes in flight to end (they are cancelled).</summary>
    public async ValueTask DisposeAsync()
    {
        Task[] running;
        lock (_gate)
        {
            _disposed = true;
            running = [.. _loops.Values.Select(l => l.Stop())];
            _loops.Clear();
        }

        await Task.WhenAll(running).ConfigureAwait(false); // the schedule still gives up on stuck checkers meanwhile
        lock (_gate)
        {
            _schedule.Clear();
            _timer.Dispose();
        }
    }

    private TimeSpan Now() => _time.GetElapsedTime(_origin);

    // Under the lock: loop's current step comes due at due.
    private void Enqueue(ProbeLoop loop, TimeSpan due)
    {
        _schedule.Enqueue((loop, loop.Version), (due, _order++));
        if (due < _armedFor)
        {
            Arm(due);
        }
    }

    private void Arm(TimeSpan due)
    {
        // The first grid point at or after due: entries due within one tick are served together. The
        // wait is whole milliseconds, rounded up (timers truncate), so the timer never fires before it.
        var at = new TimeSpan((due.Ticks + _tickTicks - 1) / _tickTicks * _tickTicks);
        if (at >= _armedFor)
        {
            return; // already armed for that grid point (or an earlier one)
        }

        _armedFor = at;
        double wait = Math.Ceiling((at - Now()).TotalMilliseconds);
        _timer.Change(TimeSpan.FromMilliseconds(Math.Max(0, wait)), Timeout.InfiniteTimeSpan);
    }

    // The timer fired: serve every entry that is due, then start the probes that came due outside the lock.
    private void Tick()
    {
        (ProbeLoop Loop, long Sequence, CancellationToken Token)[] starts;
        lock (_gate)
        {
            _armedFor = TimeSpan.MaxValue;
            TimeSpan now = Now();
            while (_schedule.TryPeek(out var entry, out var at) && at.Due <= now)
            {
                _schedule.Dequeue();
                if (entry.Version == entry.Loop.Version)
                {
                    entry.Loop.Due(now);
                }
            }

            starts = [.. _starts];
            _starts.Clear();
            if (_schedule.TryPeek(out _, out var next))
            {
                Arm(next.Due);
            }
        }

        foreach ((ProbeLoop loop, long sequence, CancellationToken token) in starts)
        {
            _ = loop.RunAsync(sequence, token);
        }
    }

    // Under the lock: a probe of loop ended with result.
    private void Record(ProbeLoop loop, ProbeResult result)
    {
        HealthUpdate update = _book.Record(loop.Target, result, _time.GetUtcNow());
        if (update.Server is { } server)
        {
            Report(server);
        }

        foreach (ServiceHealthChanged service in update.Services)
        {
            Report(service);
        }
    }

    private void Report(ServerHealthChanged change)
    {
        HealthChange c = change.Change;
        if (c.Previous != c.Current)
        {
            _metrics.Transition(change.Target.Kind, c.Current);
        }

        var servers = new ServerList(change.Servers);
        if (c.Previous == c.Current)
        {
            HealthLog.WeightChanged(_logger, change.Target, new WeightText(c.Weight), new WeightText(c.PreviousWeight), servers, c.Result.Reason);
        }
        else if (c.Current == HealthStatus.Up)
        {
            HealthLog.ServerUp(_logger, change.Target, c.Previous, servers, c.Result.Reason);
        }
        else
        {
            HealthLog.ServerDown(_logger, change.Target, c.Previous, servers, c.Result.Reason);
        }

        Raise(ServerHealthChanged, change);
    }

    private void Report(ServiceHealthChanged change)
    {
        ServiceHealth now = change.Current;
        _metrics.ServiceTransition(now.IsUp);
        if (now.IsUp)
        {
            HealthLog.ServiceUp(_logger, now.Service, now.Usable, now.Total, now.Quorum);
        }
        else
        {
            HealthLog.ServiceDown(_logger, now.Service, now.Usable, now.Total, now.Quorum);
        }

        Raise(ServiceHealthChanged, change);
    }

    private void Raise<T>(EventHandler<T>? handler, T change)
    {
        try
        {
            handler?.Invoke(this, change);
        }
#pragma warning disable CA1031 // A subscriber's bug must not stop health checking.
        catch (Exception e)
#pragma warning restore CA1031
        {
            HealthLog.HandlerThrew(_logger, e);
        }
    }

    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();

        public int Compare(byte[]? x, byte[]? y) =>
            x is null || y is null ? Comparer<byte[]?>.Default.Compare(x, y) : x.AsSpan().SequenceCompareTo(y);
    }
}
