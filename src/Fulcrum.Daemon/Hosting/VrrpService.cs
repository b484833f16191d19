using System.Collections.Concurrent;
using System.Globalization;
using Fulcrum.Core.Status;
using Fulcrum.Core.Vrrp;
using Fulcrum.Daemon.Events;
using Fulcrum.Daemon.Reconcile;
using Fulcrum.Linux.Vrrp;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Daemon.Hosting;

/// <summary>
/// VRRP in the daemon: the node's sync group on its own thread (<see cref="VrrpHost"/>), started
/// after the first data-plane pass and the firewall — or before them on a restart that finds the
/// node still in service (<see cref="StartOrder"/>). Transitions become events; the reconciler's
/// service quorum feeds the tracked objects <c>service:NAME</c> (ignored unless the configuration
/// tracks them): a quorum reported before VRRP starts is kept and applied before the group starts,
/// so its first priority already counts it. Stopping resigns gracefully (a master sends priority 0
/// and keeps its VIPs until the peer is heard).
/// </summary>
internal sealed class VrrpService : IHostedService, IAsyncDisposable
{
    private readonly DaemonContext _context;
    private readonly Reconciler _reconciler;
    private readonly VrrpMetrics _metrics;
    private readonly ILoggerFactory _loggers;
    private readonly VrrpSettings _settings;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, long> _transitions = new(StringComparer.Ordinal);
    private readonly Lock _quorumGate = new();
    private readonly Dictionary<string, bool> _quorum = new(StringComparer.Ordinal);
    private VrrpHost? _host;
    private int _disposed;
    private Task? _feedPump;

    public VrrpService(DaemonContext context, VrrpSettings settings, Reconciler reconciler, VrrpMetrics metrics, ILoggerFactory loggers)
    {
        _context = context;
        _settings = settings;
        _reconciler = reconciler;
        _metrics = metrics;
        _loggers = loggers;
        _logger = loggers.CreateLogger("Fulcrum.Daemon.Vrrp");
        _reconciler.ServiceQuorumChanged += OnServiceQuorum;
    }

    /// <summary>The options the node runs (fixed for the life of the process).</summary>
    public VrrpNodeOptions? Options => _host?.Node.Options;

    /// <summary>True while the VRRP thread runs (for the watchdog).</summary>
    public bool IsAlive => _host is { } host && !host.Engine.Completion.IsCompleted;

    /// <summary>Completes (faulted or not) when the VRRP thread ends.</summary>
    public Task Completion => _host?.Engine.Completion ?? Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var host = VrrpHost.Create(_settings.Options, _metrics, _loggers, _context.Time, _context.Options.NetworkNamespace, _settings.Notify);
        host.Node.PreviousRunAliveAt = AliveFile.Read(_context.Paths.AliveFile);
        var reader = host.Transitions.Subscribe();
        _feedPump = Task.Run(() => PumpAsync(reader), CancellationToken.None);
        lock (_quorumGate)
        {
            // Reported before the engine runs (the first pass on a fresh start): set before Start, on
            // this thread (the VRRP thread starts below). From now on reports go to the engine.
            foreach (var (service, up) in _quorum)
            {
                host.Node.SetTrackedState(VrrpTrackedObject.ServiceName(service), up);
            }

            _host = host;
        }

        await host.StartAsync().ConfigureAwait(false);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_host is not null && !_context.StoppingForRestart)
        {
            await _host.StopAsync().ConfigureAwait(false);
        }

        // Stopping for a restart: VRRP goes on advertising while the rest of the daemon stops, and
        // stops last, when the container disposes it, just before the process exits: the gap the
        // peer sees is then only the exit and the next process's start.
    }

    public async ValueTask DisposeAsync()
    {
        // Registered as a singleton and as a hosted service: the container may dispose it twice.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _reconciler.ServiceQuorumChanged -= OnServiceQuorum;
        if (_host is not null)
        {
            if (_context.StoppingForRestart)
            {
                await _host.StopForRestartAsync().ConfigureAwait(false);
                try
                {
                    // The next process counts how long the node was silent from here: its last advert.
                    AliveFile.Write(_context.Paths.AliveFile, _context.Time.GetUtcNow());
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // The stamp rewritten every 250 ms stands; the next start then listens first.
                }
            }

            await _host.DisposeAsync().ConfigureAwait(false);
        }

        if (_feedPump is not null)
        {
            await _feedPump.ConfigureAwait(false);
        }
    }

    /// <summary>Graceful hand-over to the peer; false when this node is not master.</summary>
    public Task<bool> HandOverAsync() => _host?.Engine.HandOverAsync() ?? Task.FromResult(false);

    /// <summary>The state of every instance and of the group, for <c>GET /v1/status</c>.</summary>
    public HaStatus? Status()
    {
        if (_host is null)
        {
            return null;
        }

        var node = _host.Node;

        // Read from another thread than the VRRP one: each field is read once, a status may mix two moments.
        var instances = node.Instances.Zip(node.Options.Members, (instance, member) =>
        {
            var state = instance.State;
            var options = member.Instance;
            string? master = state == VrrpState.Master ? options.PrimaryAddress.ToString() : instance.MasterAddress?.ToString();
            return new VrrpInstanceStatus(
                options.Name,
                member.Interface,
                options.VirtualRouterId,
                (int)options.Version,
                Word(state),
                options.Priority,
                instance.Priority,
                instance.MasterAdvertisementInterval.TotalSeconds,
                master,
                [.. options.VirtualAddresses.Select(a => a.ToString())],
                instance.LastTransitionAt ?? _context.StartedAt,
                _transitions.GetValueOrDefault(options.Name));
        }).ToList();
        var states = instances.Select(i => i.State).ToList();
        string group = states.Contains("fault") ? "fault"
            : states.All(s => s == "master") ? "master"
            : states.Contains("backup") ? "backup"
            : "initialize";
        return new HaStatus(group, instances);
    }

    internal static string Word(VrrpState state) => state.ToString().ToLowerInvariant();

    private void OnServiceQuorum(string service, bool up)
    {
        DaemonLog.ServiceQuorum(_logger, service, up ? "met" : "lost");
        VrrpHost? host;
        lock (_quorumGate)
        {
            _quorum[service] = up;
            host = _host;
        }

        host?.Engine.SetTrackedState(VrrpTrackedObject.ServiceName(service), up);
    }

    private async Task PumpAsync(System.Threading.Channels.ChannelReader<VrrpTransition> reader)
    {
        await foreach (var t in reader.ReadAllAsync().ConfigureAwait(false))
        {
            _transitions.AddOrUpdate(t.Instance, 1, (_, n) => n + 1);
            _context.Events.Add(
                EventKinds.VrrpTransition,
                string.Create(CultureInfo.InvariantCulture, $"VRRP {t.Instance}: {Word(t.From)} -> {Word(t.To)} ({t.Reason}), priority {t.Priority}"),
                new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["instance"] = t.Instance,
                    ["from"] = Word(t.From),
                    ["to"] = Word(t.To),
                    ["reason"] = t.Reason.ToString(),
                    ["priority"] = t.Priority.ToString(CultureInfo.InvariantCulture),
                    ["sequence"] = t.Sequence.ToString(CultureInfo.InvariantCulture),
                });
        }
    }

}
