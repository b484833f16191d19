namespace Fulcrum.Core.Status;

/// <summary>
/// What one running balancer is doing, as <c>GET /v1/status</c> returns it (docs/api.md):
/// the daemon fills it, <c>fulcrum status</c>, <c>fulcrum check</c> and the metrics read it.
/// </summary>
public sealed record StatusSnapshot(
    string Node,
    string Cluster,
    string Version,
    int Pid,
    DateTimeOffset StartedAt,
    ConfigStatus Config,
    HaStatus? Ha,
    IReadOnlyList<ServiceStatus> Services,
    FirewallStatus? Firewall)
{
    /// <summary>The node's conntrack table; null until the daemon has sampled it (or when it cannot).</summary>
    public ConntrackTableStatus? Conntrack { get; init; }
}
