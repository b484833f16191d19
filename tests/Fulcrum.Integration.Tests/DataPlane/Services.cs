using System.Net;
using Fulcrum.Core.Collections;
using Fulcrum.Core.Config;
using Fulcrum.Core.DataPlane;
using Fulcrum.Core.Net;

namespace Fulcrum.Integration.Tests.DataPlane;

/// <summary>Builds data-plane models for the tests the way DesiredStateBuilder does (servers in endpoint order).</summary>
internal static class Services
{
    public static VirtualService Tcp(
        string name, IPAddress vip, ushort port, Scheduler scheduler, IEnumerable<(IPAddress Address, ushort Weight)> servers,
        PersistenceConfig? persistence = null, ServerEndpoint? sorry = null, bool sorryActive = false) =>
        Service(name, new ListenEndpoint(vip, PortRange.Of(port), L4Protocol.Tcp), scheduler,
            servers.Select(s => new RealServer(new ServerEndpoint(s.Address, 80), s.Weight)), persistence, sorry, sorryActive);

    public static VirtualService Service(
        string name, ListenEndpoint listen, Scheduler scheduler, IEnumerable<RealServer> servers,
        PersistenceConfig? persistence = null, ServerEndpoint? sorry = null, bool sorryActive = false) =>
        new(name, listen, scheduler, persistence, servers.OrderBy(s => s.Endpoint, EndpointOrder.Instance).ToEquatableArray(), sorry, sorryActive);

    public static DataPlaneModel Model(params VirtualService[] services) =>
        new(services.OrderBy(s => s.Name, StringComparer.Ordinal).ToEquatableArray());
}
