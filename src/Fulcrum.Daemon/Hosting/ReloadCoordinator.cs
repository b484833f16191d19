using Fulcrum.Core.Config;
using Fulcrum.Core.Firewall;
using Fulcrum.Daemon.Events;
using Fulcrum.Daemon.Reconcile;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Daemon.Hosting;

/// <summary>
/// Reload (SIGHUP, <c>POST /v1/reload</c>), one at a time: re-read and validate the file; an invalid
/// file changes nothing (every diagnostic logged, an event, 422). A valid one is applied as a
/// difference: the health engine keeps unchanged checks' state and schedule, the reconciler plans
/// only what differs. VRRP runs untouched; a change to what it runs on (cluster, nodes, networks,
/// ha, state_dir) cannot be applied live, so such a reload is refused as a whole with the sections
/// named (restart the daemon to change them).
/// </summary>
internal sealed class ReloadCoordinator : IDisposable
{
    private readonly DaemonContext _context;
    private readonly HealthService _health;
    private readonly Reconciler _reconciler;
    private readonly FirewallService _firewall;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _one = new(1, 1);

    public ReloadCoordinator(DaemonContext context, HealthService health, Reconciler reconciler, FirewallService firewall, ILogger<ReloadCoordinator> logger)
    {
        _firewall = firewall;
        _context = context;
        _health = health;
        _reconciler = reconciler;
        _logger = logger;
    }

    /// <summary>The sections that differ and cannot change while the daemon runs (empty: none).</summary>
    public static IReadOnlyList<string> FixedSectionChanges(ClusterConfig running, ClusterConfig next)
    {
        ArgumentNullException.ThrowIfNull(running);
        ArgumentNullException.ThrowIfNull(next);
        var changed = new List<string>();
        if (running.Cluster != next.Cluster)
        {
            changed.Add("cluster");
        }

        if (!running.Nodes.Equals(next.Nodes))
        {
            changed.Add("nodes");
        }

        if (!running.Networks.Equals(next.Networks))
        {
            changed.Add("networks");
        }

        if (!running.Ha.Equals(next.Ha))
        {
            changed.Add("ha");
        }

        if (running.Global.StateDir != next.Global.StateDir)
        {
            changed.Add("global.state_dir");
        }

        return changed;
    }

    public void Dispose() => _one.Dispose();

    public async Task<ReloadResult> ReloadAsync(string who)
    {
        await _one.WaitAsync().ConfigureAwait(false);
        try
        {
            DaemonLog.ReloadRequested(_logger, who);
            var running = _context.Config;
            var next = LoadedConfig.Load(running.File, _context.Options.Node, _context.Time.GetUtcNow(), out var errors);
            if (next is null)
            {
                return Refuse($"{running.File} is invalid; nothing was changed", errors);
            }

            var fixedChanges = FixedSectionChanges(running.View.Cluster, next.View.Cluster);
            if (fixedChanges.Count > 0)
            {
                return Refuse(
                    $"{running.File}: {string.Join(", ", fixedChanges)} changed; these cannot change while the daemon runs (VRRP would restart): nothing was changed; restart the daemon to apply them",
                    [.. fixedChanges.Select(s => $"{running.File}: error: section {s} differs from the running configuration; a reload applies services, checks and the firewall only")]);
            }

            var diff = _health.Engine.Apply(next.View);
            _context.Config = next;
            var outcome = await _reconciler.ReloadAsync(next.View).ConfigureAwait(false);
            List<string> changes = [.. outcome.Changes];
            if (diff.Added.Count + diff.Removed.Count > 0)
            {
                changes.Add($"health checks: {diff.Added.Count} added, {diff.Removed.Count} removed, {diff.Kept.Count} kept");
            }

            string? firewallError = null;
            try
            {
                if (await _firewall.ReloadAsync(next.View, CancellationToken.None).ConfigureAwait(false) is { } firewallChange)
                {
                    changes.Add(firewallChange);
                }
            }
            catch (FirewallException refused)
            {
                firewallError = refused.Message;
            }

            var fields = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["by"] = who,
                ["sha256"] = next.Sha256,
                ["changes"] = string.Join("\n", changes),
            };
            if (!outcome.Succeeded)
            {
                fields["error"] = outcome.Error!;
                _context.Events.Add(EventKinds.Reload, $"reloaded {next.File}, but the kernel refused the change (retrying): {outcome.Error}", fields);
                return new ReloadResult(500, $"the configuration was loaded, but the kernel refused the change (retrying): {outcome.Error}", changes, []);
            }

            if (firewallError is not null)
            {
                fields["error"] = firewallError;
                _context.Events.Add(EventKinds.Reload, $"reloaded {next.File}, but the kernel refused the new firewall rules; the previous rules stay: {firewallError}", fields);
                return new ReloadResult(500, $"the configuration was loaded, but the kernel refused the new firewall rules; the previous rules stay: {firewallError}", changes, []);
            }

            var summary = changes.Count == 0 ? "nothing changed" : string.Join("; ", changes);
            DaemonLog.Reloaded(_logger, next.File, next.Sha256, summary);
            _context.Events.Add(EventKinds.Reload, $"reloaded {next.File}: {summary}", fields);
            return new ReloadResult(200, summary, changes, []);
        }
        finally
        {
            _one.Release();
        }

        ReloadResult Refuse(string message, IReadOnlyList<string> diagnostics)
        {
            foreach (var line in diagnostics)
            {
                DaemonLog.ReloadDiagnostic(_logger, line);
            }

            _context.Events.Add(EventKinds.Reload, "reload refused: " + message, new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["by"] = who,
                ["diagnostics"] = string.Join("\n", diagnostics),
            });
            return new ReloadResult(422, message, [], diagnostics);
        }
    }
}
