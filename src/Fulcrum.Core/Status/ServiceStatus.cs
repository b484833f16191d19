namespace Fulcrum.Core.Status;

/// <summary>One virtual service: settings, health summary, traffic, and its real servers.</summary>
/// <param name="Listen">As written in the config: <c>VIP:port/proto</c>.</param>
/// <param name="Up">False when fewer than <paramref name="Quorum"/> servers are healthy.</param>
/// <param name="SorryServer">The sorry server's <c>address:port</c>, if any.</param>
public sealed record ServiceStatus(
    string Name,
    string Listen,
    string Scheduler,
    PersistenceStatus? Persistence,
    int Quorum,
    int Healthy,
    bool Up,
    string? SorryServer,
    TrafficStatus Traffic,
    IReadOnlyList<RealServerStatus> Servers);
