using Fulcrum.Core.Collections;
using Fulcrum.Core.Config;

namespace Fulcrum.Core.DataPlane;

/// <summary>Turns the configuration (plus health and overrides) into the data plane a balancer should hold.</summary>
/// <remarks>
/// Both balancers hold the same data plane all the time; failover moves only addresses. So
/// the desired data plane does not depend on the node.
/// </remarks>
public static class DesiredStateBuilder
{
    /// <summary>Builds the desired data plane.</summary>
    /// <param name="config">A validated configuration.</param>
    /// <param name="weights">Effective weights; null uses the configured weights unchanged.</param>
    public static DataPlaneModel Build(ClusterConfig config, ServerWeightPolicy? weights = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var services = config.Services
            .OrderBy(s => s.Name, StringComparer.Ordinal)
            .Select(s => Build(s, weights))
            .ToEquatableArray();
        return new DataPlaneModel(services);
    }

    private static VirtualService Build(VirtualServiceConfig service, ServerWeightPolicy? weights)
    {
        var servers = service.Servers
            .Select(s => new RealServer(s.Endpoint, weights?.Invoke(service.Name, s.Endpoint, s.Weight) ?? s.Weight))
            .OrderBy(s => s.Endpoint, EndpointOrder.Instance)
            .ToEquatableArray();
        int usable = servers.Count(s => s.IsUsable);

        // Quorum: with fewer usable servers than the quorum the service counts as down, and the
        // sorry server (if any) takes the new flows. Without a sorry server the remaining
        // servers keep serving: a partial pool beats no pool.
        bool sorryActive = service.Sorry is not null && usable < Math.Max(1, service.Quorum);
        return new VirtualService(
            service.Name, service.Listen, service.Scheduler, service.Persistence, servers, service.Sorry, sorryActive);
    }
}
