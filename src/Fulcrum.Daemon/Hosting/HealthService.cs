using System.Collections.Concurrent;
using System.Globalization;
using Fulcrum.Core.Health;
using Fulcrum.Daemon.Events;
using Fulcrum.Daemon.Reconcile;
using Fulcrum.Health;
using Fulcrum.Health.Engine;
using Fulcrum.Health.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Daemon.Hosting;

/// <summary>
/// The health engine of the daemon: probes what the configuration in force asks for (from the
/// node's namespace), reports each transition to the reconciler (a single-element change) and as
/// an event, and remembers since when each server is in its state.
/// </summary>
internal sealed class HealthService : IHostedService, IAsyncDisposable
{
    private readonly DaemonContext _context;
    private readonly Reconciler _reconciler;
    private readonly NamespaceSocketFactory? _sockets;
    private readonly ConcurrentDictionary<ServerKey, DateTimeOffset> _since = new();
    private int _disposed;

    public HealthService(DaemonContext context, Reconciler reconciler, HealthMetrics metrics, ILogger<HealthEngine> logger)
    {
        _context = context;
        _reconciler = reconciler;
        _sockets = context.Options.NetworkNamespace is { } netns ? new NamespaceSocketFactory(netns) : null;
        Engine = new HealthEngine(new HealthChecker(_sockets), metrics, logger);
        Engine.ServerHealthChanged += OnServerHealthChanged;
        Engine.ServiceHealthChanged += OnServiceHealthChanged;
    }

    public HealthEngine Engine { get; }

    /// <summary>When the server entered its current health state (since the daemon started).</summary>
    public DateTimeOffset? Since(ServerKey key) => _since.TryGetValue(key, out var at) ? at : null;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Engine.Apply(_context.Config.View);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Engine.DisposeAsync().AsTask();

    public async ValueTask DisposeAsync()
    {
        // Registered as a singleton and as a hosted service: the container may dispose it twice.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await Engine.DisposeAsync().ConfigureAwait(false);
        _sockets?.Dispose();
    }

    private void OnServerHealthChanged(object? sender, ServerHealthChanged change)
    {
        foreach (var server in change.Servers)
        {
            _since[server] = change.At;
        }

        _reconciler.HealthChanged(change.Servers);
        var c = change.Change;
        var state = c.Previous == c.Current ? $"weight {c.Weight?.ToString(CultureInfo.InvariantCulture) ?? "configured"}" : Word(c.Current);
        _context.Events.Add(
            EventKinds.ServerHealth,
            $"{change.Target}: {state} ({c.Result.Reason}) for {string.Join(", ", change.Servers)}",
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["target"] = change.Target.ToString(),
                ["from"] = Word(c.Previous),
                ["to"] = Word(c.Current),
                ["in_pool"] = c.InPool ? "true" : "false",
                ["reason"] = c.Result.Reason,
                ["servers"] = string.Join(",", change.Servers),
            });
    }

    private void OnServiceHealthChanged(object? sender, ServiceHealthChanged change)
    {
        var now = change.Current;
        _context.Events.Add(
            EventKinds.ServiceHealth,
            string.Create(CultureInfo.InvariantCulture, $"service {now.Service} {(now.IsUp ? "up" : "down")}: {now.Usable} of {now.Total} usable, quorum {now.Quorum}"),
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["service"] = now.Service,
                ["up"] = now.IsUp ? "true" : "false",
                ["usable"] = now.Usable.ToString(CultureInfo.InvariantCulture),
                ["quorum"] = now.Quorum.ToString(CultureInfo.InvariantCulture),
            });
    }

    internal static string Word(HealthStatus status) => status.ToString().ToLowerInvariant();
}
