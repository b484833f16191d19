using System.Net;
using Fulcrum.Core.Collections;
using Fulcrum.Core.Config;
using Fulcrum.Core.DataPlane;
using Fulcrum.Core.Net;

namespace Fulcrum.Core.Tests.Linux.DataPlane;

internal static class Models
{
    public static readonly IPAddress Vip = IPAddress.Parse("203.0.113.100");

    public static RealServer Server(int host, ushort weight, ushort? port = 80) =>
        new(new ServerEndpoint(IPAddress.Parse($"192.168.20.{host}"), port), weight);

    public static VirtualService Service(
        string name, ushort port, Scheduler scheduler, params RealServer[] servers) =>
        new(name, new ListenEndpoint(Vip, PortRange.Of(port), L4Protocol.Tcp), scheduler, null,
            servers.OrderBy(s => s.Endpoint, EndpointOrder.Instance).ToEquatableArray(), null, false);

    public static DataPlaneModel Model(params VirtualService[] services) =>
        new(services.OrderBy(s => s.Name, StringComparer.Ordinal).ToEquatableArray());
}
