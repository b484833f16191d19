using Fulcrum.Core.Collections;
using Fulcrum.Core.Net;

namespace Fulcrum.Core.Config;

/// <summary>A balanced service: clients connect to <see cref="Listen"/>, packets go to one of <see cref="Servers"/>.</summary>
/// <param name="Name">Unique service name.</param>
/// <param name="Listen">The VIP, ports and protocol the service accepts.</param>
/// <param name="Scheduler">How a server is chosen for a new connection.</param>
/// <param name="Persistence">Client affinity, or null for none.</param>
/// <param name="Quorum">Minimum number of healthy servers for the service to count as up.</param>
/// <param name="Sorry">Server that takes the traffic when fewer than <paramref name="Quorum"/> servers are healthy, or null.</param>
/// <param name="Check">Health check of every server, or null to treat servers as always healthy.</param>
/// <param name="Servers">The real servers.</param>
public sealed record VirtualServiceConfig(
    string Name,
    ListenEndpoint Listen,
    Scheduler Scheduler,
    PersistenceConfig? Persistence,
    int Quorum,
    ServerEndpoint? Sorry,
    HealthCheckConfig? Check,
    EquatableArray<RealServerConfig> Servers)
{
    /// <summary>
    /// Answer the clients' SYNs with SYN cookies on the balancer (nftables <c>synproxy</c>) and open the
    /// connection to the real server only once the client has completed the handshake (TCP services only).
    /// </summary>
    public bool SynProxy { get; init; }

    /// <summary>Most connections one client address may hold open to this service at once (nftables <c>ct count</c>); null for no limit.</summary>
    public int? ClientLimit { get; init; }
}
