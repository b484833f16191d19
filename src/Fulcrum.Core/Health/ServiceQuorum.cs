using Fulcrum.Core.Config;
using Fulcrum.Core.DataPlane;

namespace Fulcrum.Core.Health;

/// <summary>
/// Quorum, computed the way <see cref="DesiredStateBuilder"/> decides the sorry server: a server
/// counts when its effective weight is above 0 (healthy and not drained).
/// </summary>
public static class ServiceQuorum
{
    /// <summary>The health of <paramref name="service"/> under <paramref name="weights"/>.</summary>
    public static ServiceHealth Evaluate(VirtualServiceConfig service, ServerWeightPolicy weights)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(weights);
        int usable = service.Servers.Count(s => weights(service.Name, s.Endpoint, s.Weight) > 0);
        return new ServiceHealth(service.Name, usable, service.Servers.Count, Math.Max(1, service.Quorum));
    }
}
