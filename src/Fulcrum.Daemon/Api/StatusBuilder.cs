using System.Net;
using Fulcrum.Core.Config;
using Fulcrum.Core.DataPlane;
using Fulcrum.Core.Health;
using Fulcrum.Core.Status;
using Fulcrum.Daemon.Hosting;
using Fulcrum.Daemon.Reconcile;
using Fulcrum.Health.Engine;

namespace Fulcrum.Daemon.Api;

/// <summary>Builds <c>GET /v1/status</c> from the configuration in force, the reconciler, the health engine and VRRP.</summary>
internal sealed class StatusBuilder
{
    private readonly DaemonContext _context;
    private readonly Reconciler _reconciler;
    private readonly HealthService _health;
    private readonly VrrpService _vrrp;
    private readonly FirewallService _firewall;
    private readonly ConntrackMonitorService _conntrack;

    public StatusBuilder(DaemonContext context, Reconciler reconciler, HealthService health, VrrpService vrrp, FirewallService firewall, ConntrackMonitorService conntrack)
    {
        _firewall = firewall;
        _conntrack = conntrack;
        _context = context;
        _reconciler = reconciler;
        _health = health;
        _vrrp = vrrp;
    }

    public StatusSnapshot Build()
    {
        var config = _context.Config;
        var snapshot = _reconciler.Snapshot;
        var targets = new Dictionary<ServerKey, TargetHealth>();
        foreach (var target in _health.Engine.Targets())
        {
            foreach (var server in target.Servers)
            {
                targets[server] = target;
            }
        }

        var services = config.View.Cluster.Services.Select(s => Service(s, snapshot, targets)).ToList();
        return new StatusSnapshot(
            config.View.Self.Name,
            config.View.Cluster.Cluster,
            DaemonContext.Version,
            Environment.ProcessId,
            _context.StartedAt,
            new ConfigStatus(config.File, config.LoadedAt, config.Sha256),
            _vrrp.Status(),
            services,
            _firewall.Status)
        {
            Conntrack = _conntrack.Status,
        };
    }

    private ServiceStatus Service(VirtualServiceConfig service, ReconcilerSnapshot snapshot, Dictionary<ServerKey, TargetHealth> targets)
    {
        var kernel = snapshot.Kernel?.Find(service.Name);
        var servers = service.Servers.Select(server =>
        {
            var key = new ServerKey(service.Name, server.Endpoint);
            var target = targets.GetValueOrDefault(key);
            var health = service.Check is null ? "unchecked" : target is null ? "unknown" : HealthService.Word(target.Status);
            return new RealServerStatus(
                server.Endpoint.ToString(),
                server.Weight,
                kernel?.FindServer(server.Endpoint)?.Weight ?? 0,
                snapshot.Overrides.Find(key)?.Admin ?? "enabled",
                health,
                target?.LastResult?.Reason,
                _health.Since(key),
                target?.LastLatency?.TotalSeconds,
                snapshot.Traffic.Servers.GetValueOrDefault(key) ?? TrafficStatus.Zero);
        }).ToList();

        // Removed by a reload, still in the kernel at weight 0 until its connections end.
        foreach (var key in snapshot.Draining.Keys.Where(k => k.Service == service.Name).OrderBy(k => k.Endpoint, EndpointOrder.Instance))
        {
            servers.Add(new RealServerStatus(
                key.Endpoint.ToString(),
                0,
                kernel?.FindServer(key.Endpoint)?.Weight ?? 0,
                "draining",
                "unchecked",
                "removed from the configuration; removed from the kernel when idle or at " + snapshot.Draining[key].ToString("u", System.Globalization.CultureInfo.InvariantCulture),
                null,
                null,
                snapshot.Traffic.Servers.GetValueOrDefault(key) ?? TrafficStatus.Zero));
        }
        var healthy = service.Servers.Count(s => snapshot.HealthWeights.GetValueOrDefault(new ServerKey(service.Name, s.Endpoint)) > 0);
        var quorum = Math.Max(1, service.Quorum);
        return new ServiceStatus(
            service.Name,
            service.Listen.ToString(),
            SchedulerName(service.Scheduler),
            service.Persistence is { } p ? new PersistenceStatus(p.Timeout.TotalSeconds, Netmask(p.Granularity)) : null,
            quorum,
            healthy,
            healthy >= quorum,
            service.Sorry?.ToString(),
            snapshot.Traffic.Services.GetValueOrDefault(service.Name) ?? TrafficStatus.Zero,
            servers);
    }

    internal static string SchedulerName(Scheduler scheduler) => scheduler switch
    {
        Scheduler.RoundRobin => "rr",
        Scheduler.WeightedRoundRobin => "wrr",
        Scheduler.SourceHash => "sh",
        Scheduler.Maglev => "maglev",
        Scheduler.Random => "random",
        _ => scheduler.ToString().ToLowerInvariant(),
    };

    internal static string Netmask(int prefixLength)
    {
        uint mask = prefixLength <= 0 ? 0 : uint.MaxValue << (32 - Math.Min(32, prefixLength));
        return new IPAddress([(byte)(mask >> 24), (byte)(mask >> 16), (byte)(mask >> 8), (byte)mask]).ToString();
    }
}
