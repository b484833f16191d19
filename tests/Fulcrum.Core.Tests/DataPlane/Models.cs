using System.Net;
using Fulcrum.Core.Collections;
using Fulcrum.Core.Config;
using Fulcrum.Core.DataPlane;
using Fulcrum.Core.Net;

namespace Fulcrum.Core.Tests.DataPlane;

/// <summary>Small data-plane models for planner tests.</summary>
internal static class Models
{
    public static ServerEndpoint Rs(int host, ushort port = 80) => new(IPAddress.Parse($"192.168.20.{host}"), port);

    public static VirtualService Service(string name, ushort port, params (int Host, ushort Weight)[] servers) => new(
        name,
        new ListenEndpoint(IPAddress.Parse("203.0.113.100"), PortRange.Of(port), L4Protocol.Tcp),
        Scheduler.WeightedRoundRobin,
        Persistence: null,
        servers.Select(s => new RealServer(Rs(s.Host), s.Weight)).ToEquatableArray(),
        Sorry: null,
        SorryActive: false);

    public static DataPlaneModel Model(params VirtualService[] services) => new(services.ToEquatableArray());
}
