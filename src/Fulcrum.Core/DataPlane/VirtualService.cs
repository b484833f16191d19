using Fulcrum.Core.Collections;
using Fulcrum.Core.Config;
using Fulcrum.Core.Net;

namespace Fulcrum.Core.DataPlane;

/// <summary>
/// A virtual service as the kernel should hold it, engine-neutral (it maps one to one onto an
/// IPVS service and its destinations, and onto the nftables engine's maps).
/// </summary>
/// <param name="Name">Identity of the service across changes (from the config).</param>
/// <param name="Listen">VIP, port or port range, protocol.</param>
/// <param name="Scheduler">How new flows pick a usable real server.</param>
/// <param name="Persistence">Client affinity, or null.</param>
/// <param name="Servers">Every configured real server with its effective weight, ordered by endpoint.</param>
/// <param name="Sorry">The sorry server, or null when none is configured.</param>
/// <param name="SorryActive">True when new flows go to <paramref name="Sorry"/> because too few real servers are usable.</param>
public sealed record VirtualService(
    string Name,
    ListenEndpoint Listen,
    Scheduler Scheduler,
    PersistenceConfig? Persistence,
    EquatableArray<RealServer> Servers,
    ServerEndpoint? Sorry,
    bool SorryActive)
{
    /// <summary>The servers that receive new flows: the sorry server alone while it is active, else the usable real servers.</summary>
    public IEnumerable<RealServer> Backends =>
        SorryActive && Sorry is { } sorry ? [new RealServer(sorry, 1)] : Servers.Where(s => s.IsUsable);

    /// <summary>The server with this endpoint, or null.</summary>
    public RealServer? FindServer(ServerEndpoint endpoint) => Servers.FirstOrDefault(s => s.Endpoint.Equals(endpoint));

    /// <summary>True when the service-level settings (everything but the real servers) equal <paramref name="other"/>'s.</summary>
    public bool HasSameSettingsAs(VirtualService other) =>
        Name == other.Name && Listen.Equals(other.Listen) && Scheduler == other.Scheduler &&
        Equals(Persistence, other.Persistence) && Nullable.Equals(Sorry, other.Sorry) && SorryActive == other.SorryActive;
}
