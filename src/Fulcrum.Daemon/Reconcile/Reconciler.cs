using System.Globalization;
using System.Threading.Channels;
using Fulcrum.Core.Collections;
using Fulcrum.Core.Config;
using Fulcrum.Core.DataPlane;
using Fulcrum.Core.Health;
using Fulcrum.Core.Net;
using Fulcrum.Core.Status;
using Fulcrum.Daemon.Events;
using Fulcrum.Daemon.Metrics;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Daemon.Reconcile;

/// <summary>
/// The one owner of the data plane: configuration + health + operator overrides →
/// <see cref="DesiredStateBuilder"/> → <see cref="DataPlanePlanner"/> against the model the kernel
/// holds → <see cref="IDataPlane.ApplyAsync"/>. Every input is a message on one channel, handled by
/// one loop, so passes never overlap and the engine (not thread-safe) has a single caller; inputs
/// that arrive together share one pass. A failed apply leaves the kernel as it was: it is logged,
/// counted, recorded as an event, the kernel's model is read again and the pass is retried after a
/// growing delay (1 s doubling to 30 s).
/// </summary>
/// <remarks>
/// Crash safety: <see cref="StartAsync"/> adopts the kernel's model, and every server the kernel has
/// in a pool (weight &gt; 0) counts as healthy until its first health result, so a restart does not
/// empty the pools while the checks warm up.
/// </remarks>
internal sealed class Reconciler : IAsyncDisposable
{
    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a real server a reload removed stays in the kernel at weight 0 (no new flows) at most:
    /// it goes as soon as a counter sample shows it has no active connection left, or after this.
    /// </summary>
    public static readonly TimeSpan RemoveGrace = TimeSpan.FromSeconds(30);

    private readonly IDataPlane _dataPlane;
    private readonly IDataPlaneCounters? _counters;
    private readonly ServerWeightPolicy _health;
    private readonly EventRing _events;
    private readonly DataPlaneMetrics? _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Channel<Request> _requests = Channel.CreateUnbounded<Request>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly HashSet<ServerKey> _seeded = [];
    private readonly HashSet<ServerKey> _proven = [];
    private readonly Dictionary<string, bool> _serviceUp = new(StringComparer.Ordinal);
    private readonly Dictionary<ServerKey, DateTimeOffset> _draining = [];
    private NodeView? _view;
    private DataPlaneModel? _kernel;
    private OverrideBook _overrides = OverrideBook.Empty;
    private TrafficSample _traffic = TrafficSample.None;
    private Dictionary<ServerKey, ushort> _healthWeights = [];
    private long _applyErrors;
    private string? _lastError;
    private int _failures;
    private ITimer? _retry;
    private Task? _loop;
    private int _disposed;
    private volatile ReconcilerSnapshot _snapshot = ReconcilerSnapshot.Initial;

    /// <param name="dataPlane">The engine (the reconciler is its only caller).</param>
    /// <param name="counters">Where traffic counters come from; null: none.</param>
    /// <param name="health">The health engine's weights (0: out of the pool).</param>
    /// <param name="events">Where applies and failures are recorded.</param>
    /// <param name="metrics">Apply durations and errors; null: not measured.</param>
    /// <param name="logger">Where passes are logged.</param>
    /// <param name="time">The clock (retry delays, sample times).</param>
    public Reconciler(
        IDataPlane dataPlane, IDataPlaneCounters? counters, ServerWeightPolicy health, EventRing events,
        DataPlaneMetrics? metrics, ILogger logger, TimeProvider time)
    {
        _dataPlane = dataPlane ?? throw new ArgumentNullException(nameof(dataPlane));
        _counters = counters;
        _health = health ?? throw new ArgumentNullException(nameof(health));
        _events = events ?? throw new ArgumentNullException(nameof(events));
        _metrics = metrics;
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <summary>
    /// A service crossed its quorum (by health alone, seeds counted), or was seen for the first time;
    /// raised on the reconciler's loop. VRRP tracks it as <c>service:NAME</c>.
    /// </summary>
    public event Action<string, bool>? ServiceQuorumChanged;

    /// <summary>What the reconciler last saw and did.</summary>
    public ReconcilerSnapshot Snapshot => _snapshot;

    /// <summary>True while the loop runs (for the watchdog).</summary>
    public bool IsAlive => _loop is { IsCompleted: false };

    /// <summary>
    /// Adopts the kernel's data-plane model, seeds health from it, makes the first pass for
    /// <paramref name="view"/> and starts the loop. A failed first apply is retried like any other.
    /// </summary>
    public async Task<ReconcileOutcome> StartAsync(NodeView view, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(view);
        if (_loop is not null)
        {
            throw new InvalidOperationException("The reconciler was started already.");
        }

        _view = view;
        try
        {
            _kernel = await _dataPlane.ReadAsync(cancellationToken).ConfigureAwait(false);
            foreach (var service in _kernel.Services)
            {
                foreach (var server in service.Servers.Where(s => s.IsUsable))
                {
                    _seeded.Add(new ServerKey(service.Name, server.Endpoint));
                }
            }

            DaemonLog.Adopted(_logger, _kernel.Services.Count, _seeded.Count);
        }
#pragma warning disable CA1031 // Logged; the first pass reads again and retries.
        catch (Exception failure) when (failure is not OperationCanceledException)
#pragma warning restore CA1031
        {
            DaemonLog.ReadFailed(_logger, failure.Message);
        }

        var outcome = await PassAsync(cancellationToken).ConfigureAwait(false);
        _loop = Task.Run(() => LoopAsync(_stop.Token), CancellationToken.None);
        return outcome;
    }

    /// <summary>Switches to a new (valid) configuration; overrides of servers still configured are kept.</summary>
    public Task<ReconcileOutcome> ReloadAsync(NodeView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return Send(new ReloadRequest(view));
    }

    /// <summary>Health changed for these servers: they are proven (no longer seeded) and weights are recomputed.</summary>
    public void HealthChanged(IReadOnlyList<ServerKey> servers)
    {
        ArgumentNullException.ThrowIfNull(servers);
        _requests.Writer.TryWrite(new HealthRequest(servers));
    }

    /// <summary>
    /// Drain, enable or set the weight of <paramref name="server"/> in <paramref name="service"/> (every
    /// service that has it when null). Fails with <see cref="UnknownServerException"/> when nothing matches.
    /// </summary>
    public Task<ReconcileOutcome> SetOverrideAsync(ServerAction action, string? service, ServerEndpoint server, ushort weight = 0) =>
        Send(new OverrideRequest(action, service, server, weight));

    /// <summary>Reads the counters and computes rates since the previous sample (on the loop: the engine has one caller).</summary>
    public Task<ReconcileOutcome> SampleAsync() => Send(new SampleRequest());

    /// <summary>Completes after every input posted before it has been handled.</summary>
    public Task<ReconcileOutcome> FlushAsync() => Send(new FlushRequest());

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _requests.Writer.TryComplete();
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_retry is not null)
        {
            await _retry.DisposeAsync().ConfigureAwait(false);
        }

        if (_loop is not null)
        {
            try
            {
                await _loop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        _stop.Dispose();
    }

    private Task<ReconcileOutcome> Send(Request request)
    {
        if (!_requests.Writer.TryWrite(request))
        {
            request.Done.TrySetException(new ObjectDisposedException(nameof(Reconciler)));
        }

        return request.Done.Task;
    }

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        var batch = new List<Request>();
        while (await _requests.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            batch.Clear();
            while (_requests.Reader.TryRead(out var request))
            {
                batch.Add(request);
            }

            var pass = false;
            var samples = new List<Request>();
            foreach (var request in batch)
            {
                switch (request)
                {
                    case ReloadRequest reload:
                        StartDraining(reload.View);
                        _view = reload.View;
                        _overrides = _overrides.Retain(reload.View.Cluster);
                        pass = true;
                        break;
                    case HealthRequest health:
                        _proven.UnionWith(health.Servers);
                        pass = true;
                        break;
                    case OverrideRequest change:
                        pass |= Handle(change);
                        break;
                    case SampleRequest:
                        samples.Add(request);
                        break;
                    case RetryRequest:
                    case FlushRequest:
                        pass = true;
                        break;
                }
            }

            ReconcileOutcome outcome = new([], null);
            if (pass)
            {
                try
                {
                    outcome = await PassAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    foreach (var request in batch)
                    {
                        request.Done.TrySetCanceled(cancellationToken);
                    }

                    throw;
                }
            }

            if (samples.Count > 0 && await SampleCountersAsync(cancellationToken).ConfigureAwait(false))
            {
                // A removed server finished draining: take it out of the kernel now.
                outcome = await PassAsync(cancellationToken).ConfigureAwait(false);
            }

            foreach (var request in batch)
            {
                request.Done.TrySetResult(outcome);
            }
        }
    }

    // Returns whether a pass is needed; a request naming nothing fails on its own.
    private bool Handle(OverrideRequest change)
    {
        var matches = _view?.Cluster.Services
            .Where(s => change.Service is null || s.Name == change.Service)
            .SelectMany(s => s.Servers.Where(r => r.Endpoint.Equals(change.Server)).Select(r => (Key: new ServerKey(s.Name, r.Endpoint), r.Weight)))
            .ToList() ?? [];
        if (matches.Count == 0)
        {
            string where = change.Service is null ? "any service" : $"service {change.Service}";
            if (change.Service is not null && _view?.Cluster.FindService(change.Service) is null)
            {
                change.Done.TrySetException(new UnknownServerException($"no service named {change.Service}"));
            }
            else
            {
                change.Done.TrySetException(new UnknownServerException($"real server {change.Server} is not configured in {where}"));
            }

            return false;
        }

        foreach (var (key, configured) in matches)
        {
            _overrides = change.Action switch
            {
                ServerAction.Drain => _overrides.Set(key, new OperatorOverride(true, 0, configured)),
                ServerAction.Weight => _overrides.Set(key, new OperatorOverride(false, change.Weight, configured)),
                _ => _overrides.Clear(key),
            };
        }

        return true;
    }

    private async Task<ReconcileOutcome> PassAsync(CancellationToken cancellationToken)
    {
        if (_view is null)
        {
            return new([], null);
        }

        if (_kernel is null && !await TryReadKernelAsync(cancellationToken).ConfigureAwait(false))
        {
            return Failed([], _lastError ?? "the data plane could not be read");
        }

        var healthWeights = new Dictionary<ServerKey, ushort>();
        var desired = DesiredStateBuilder.Build(_view.Cluster, (service, endpoint, configured) =>
        {
            var key = new ServerKey(service, endpoint);
            var health = _seeded.Contains(key) && !_proven.Contains(key) ? configured : _health(service, endpoint, configured);
            healthWeights[key] = health;
            return _overrides.Apply(key, health);
        });
        _healthWeights = healthWeights;
        ReportQuorum(_view.Cluster, healthWeights);
        desired = WithDraining(desired);

        var plan = DataPlanePlanner.Plan(_kernel!, desired);
        if (plan.IsEmpty)
        {
            Publish();
            return new([], null);
        }

        List<string> changes = [.. plan.Operations.Select(o => o.ToString())];
        var started = _time.GetTimestamp();
        try
        {
            await _dataPlane.ApplyAsync(plan, cancellationToken).ConfigureAwait(false);
        }
        catch (DataPlanePartlyAppliedException partly)
        {
            // The transaction committed; only cutting the removed servers' flows failed.
            _kernel = desired;
            DaemonLog.PartlyApplied(_logger, partly.Message);
            _events.Add(EventKinds.DataPlaneError, partly.Message, Fields(changes));
            Succeeded(changes, _time.GetElapsedTime(started));
            return new(changes, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // Any refusal leaves the kernel as it was: logged, counted, retried.
        catch (Exception failure)
#pragma warning restore CA1031
        {
            _metrics?.ApplyFailed();
            _kernel = null; // read it again: the plan is made against what the kernel really holds
            await TryReadKernelAsync(cancellationToken).ConfigureAwait(false);
            return Failed(changes, failure.Message);
        }

        _kernel = desired;
        Succeeded(changes, _time.GetElapsedTime(started));
        return new(changes, null);
    }

    private void Succeeded(List<string> changes, TimeSpan elapsed)
    {
        _metrics?.Applied(elapsed);
        _failures = 0;
        _lastError = null;
        var text = string.Join("; ", changes);
        DaemonLog.Applied(_logger, changes.Count, elapsed.TotalMilliseconds, text);
        _events.Add(EventKinds.DataPlaneApply, $"{changes.Count} change(s) applied: {text}", Fields(changes));
        Publish();
    }

    private ReconcileOutcome Failed(List<string> changes, string error)
    {
        _applyErrors++;
        _failures++;
        _lastError = error;
        var delay = TimeSpan.FromTicks(Math.Min(MaxRetryDelay.Ticks, FirstRetryDelay.Ticks << Math.Min(_failures - 1, 10)));
        DaemonLog.ApplyFailed(_logger, changes.Count, error, delay.TotalSeconds);
        var fields = Fields(changes);
        fields["retry_in"] = delay.TotalSeconds.ToString(CultureInfo.InvariantCulture);
        _events.Add(EventKinds.DataPlaneError, $"the kernel refused {changes.Count} change(s), nothing was changed: {error}", fields);
        _retry ??= _time.CreateTimer(_ => _requests.Writer.TryWrite(new RetryRequest()), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _retry.Change(delay, Timeout.InfiniteTimeSpan);
        Publish();
        return new(changes, error);
    }

    private async Task<bool> TryReadKernelAsync(CancellationToken cancellationToken)
    {
        try
        {
            _kernel = await _dataPlane.ReadAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // Logged; the next pass reads again.
        catch (Exception failure)
#pragma warning restore CA1031
        {
            _lastError = $"reading the data plane failed: {failure.Message}";
            DaemonLog.ReadFailed(_logger, failure.Message);
            return false;
        }
    }

    private void ReportQuorum(ClusterConfig config, Dictionary<ServerKey, ushort> healthWeights)
    {
        foreach (var service in config.Services)
        {
            var usable = service.Servers.Count(s => healthWeights.GetValueOrDefault(new ServerKey(service.Name, s.Endpoint)) > 0);
            var up = usable >= Math.Max(1, service.Quorum);
            if (_serviceUp.TryGetValue(service.Name, out var was) && was == up)
            {
                continue;
            }

            _serviceUp[service.Name] = up;
            ServiceQuorumChanged?.Invoke(service.Name, up);
        }

        foreach (var gone in _serviceUp.Keys.Where(name => config.FindService(name) is null).ToList())
        {
            _serviceUp.Remove(gone);
        }
    }

    // A reload that removes a real server from a service that stays: the server is first drained
    // (weight 0, its flows go on), and removed once idle or after RemoveGrace.
    private void StartDraining(NodeView next)
    {
        var now = _time.GetUtcNow();
        var wanted = next.Cluster.Services
            .SelectMany(s => s.Servers.Select(r => new ServerKey(s.Name, r.Endpoint)))
            .ToHashSet();
        foreach (var key in _draining.Keys.Where(wanted.Contains).ToList())
        {
            _draining.Remove(key);
        }

        if (_kernel is null)
        {
            return;
        }

        foreach (var service in _kernel.Services)
        {
            if (!next.Cluster.Services.Any(s => s.Name == service.Name && s.Listen.Equals(service.Listen)))
            {
                continue;
            }

            foreach (var server in service.Servers)
            {
                var key = new ServerKey(service.Name, server.Endpoint);
                if (!wanted.Contains(key))
                {
                    _draining.TryAdd(key, now + RemoveGrace);
                }
            }
        }
    }

    // Draining servers stay in their service at weight 0 while the kernel still has them.
    private DataPlaneModel WithDraining(DataPlaneModel desired)
    {
        if (_draining.Count == 0)
        {
            return desired;
        }

        foreach (var key in _draining.Keys.ToList())
        {
            if (_kernel?.Find(key.Service)?.FindServer(key.Endpoint) is null || desired.Find(key.Service) is null)
            {
                _draining.Remove(key);
            }
        }

        return desired with
        {
            Services = desired.Services.Select(service =>
            {
                var extra = _draining.Keys.Where(k => k.Service == service.Name).Select(k => new RealServer(k.Endpoint, 0)).ToList();
                return extra.Count == 0
                    ? service
                    : service with { Servers = service.Servers.Concat(extra).OrderBy(r => r.Endpoint, EndpointOrder.Instance).ToEquatableArray() };
            }).ToEquatableArray(),
        };
    }

    // Whether a draining server may go now: at weight 0 in the kernel and no active connection left, or its grace is over.
    private bool FinishDraining(IReadOnlyDictionary<ServerKey, TrafficStatus> servers, DateTimeOffset now)
    {
        var done = _draining
            .Where(d => now >= d.Value || (_kernel?.Find(d.Key.Service)?.FindServer(d.Key.Endpoint)?.Weight == 0 && servers.GetValueOrDefault(d.Key)?.ActiveConnections == 0))
            .Select(d => d.Key)
            .ToList();
        foreach (var key in done)
        {
            _draining.Remove(key);
        }

        return done.Count > 0;
    }

    // Returns whether a draining server may now be removed (a pass is needed).
    private async Task<bool> SampleCountersAsync(CancellationToken cancellationToken)
    {
        if (_counters is null)
        {
            return _draining.Count > 0 && FinishDraining(new Dictionary<ServerKey, TrafficStatus>(), _time.GetUtcNow());
        }

        IReadOnlyList<ServiceCounters> read;
        try
        {
            read = await _counters.ReadCountersAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // Counters are best effort; the next sample retries.
        catch (Exception failure)
#pragma warning restore CA1031
        {
            DaemonLog.CountersFailed(_logger, failure.Message);
            return _draining.Count > 0 && FinishDraining(new Dictionary<ServerKey, TrafficStatus>(), _time.GetUtcNow());
        }

        var now = _time.GetUtcNow();
        var seconds = _traffic.At == DateTimeOffset.MinValue ? 0 : (now - _traffic.At).TotalSeconds;
        var services = new Dictionary<string, TrafficStatus>(StringComparer.Ordinal);
        var servers = new Dictionary<ServerKey, TrafficStatus>();

        var previousServices = _traffic.Services;
        foreach (var service in read)
        {
            var previous = previousServices.GetValueOrDefault(service.Name);
            services[service.Name] = Status(service.Total, previous, seconds);
            foreach (var server in service.Servers.Where(s => !s.IsSorry))
            {
                var key = new ServerKey(service.Name, server.Endpoint);

                servers[key] = Status(server.Traffic, _traffic.Servers.GetValueOrDefault(key), seconds);
            }
        }

        _traffic = new TrafficSample(now, services, servers);
        var drained = _draining.Count > 0 && FinishDraining(servers, now);
        Publish();
        return drained;
    }

    private static TrafficStatus Status(TrafficCounters now, TrafficStatus? before, double seconds)
    {
        double packetRate = 0, byteRate = 0;
        if (before is not null && seconds > 0)
        {
            var packets = (double)(now.PacketsIn + now.PacketsOut) - (before.PacketsIn + before.PacketsOut);
            var bytes = (double)(now.BytesIn + now.BytesOut) - (before.BytesIn + before.BytesOut);
            packetRate = Math.Max(0, packets) / seconds; // counters restart when a server is re-added
            byteRate = Math.Max(0, bytes) / seconds;
        }

        return new TrafficStatus(now.Connections, now.PacketsIn, now.BytesIn, now.PacketsOut, now.BytesOut, packetRate, byteRate);
    }

    private void Publish() => _snapshot = new ReconcilerSnapshot(
        _view, _kernel, _overrides, _healthWeights, _traffic, _applyErrors, _lastError, new Dictionary<ServerKey, DateTimeOffset>(_draining));

    private static Dictionary<string, string> Fields(List<string> changes) => new(StringComparer.Ordinal)
    {
        ["changes"] = changes.Count.ToString(CultureInfo.InvariantCulture),
        ["operations"] = string.Join("\n", changes),
    };

    private abstract record Request
    {
        public TaskCompletionSource<ReconcileOutcome> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed record ReloadRequest(NodeView View) : Request;

    private sealed record HealthRequest(IReadOnlyList<ServerKey> Servers) : Request;

    private sealed record OverrideRequest(ServerAction Action, string? Service, ServerEndpoint Server, ushort Weight) : Request;

    private sealed record SampleRequest : Request;

    private sealed record RetryRequest : Request;

    private sealed record FlushRequest : Request;
}
