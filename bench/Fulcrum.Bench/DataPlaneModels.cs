using System.Net;
using Fulcrum.Core.Collections;
using Fulcrum.Core.Config;
using Fulcrum.Core.DataPlane;
using Fulcrum.Core.Net;

namespace Fulcrum.Bench;

/// <summary>Data planes of a given size for the engine benchmarks: N wrr services on one VIP, ports 1..N, 4 servers with weights 1-4.</summary>
internal static class DataPlaneModels
{
    public static readonly IPAddress Vip = IPAddress.Parse("203.0.113.100");

    public static DataPlaneModel Build(int services, int serversPerService = 4) =>
        new(Enumerable.Range(1, services).Select(i => Service(i, serversPerService)).OrderBy(s => s.Name, StringComparer.Ordinal).ToEquatableArray());

    public static VirtualService Service(int index, int servers) => new(
        $"s{index:D5}",
        new ListenEndpoint(Vip, PortRange.Of((ushort)index), L4Protocol.Tcp),
        Scheduler.WeightedRoundRobin,
        null,
        Enumerable.Range(0, servers).Select(s => new RealServer(Endpoint(s), (ushort)(s + 1))).OrderBy(s => s.Endpoint, EndpointOrder.Instance).ToEquatableArray(),
        null,
        false);

    public static ServerEndpoint Endpoint(int server) => new(IPAddress.Parse($"192.168.20.{11 + server}"), 80);

    /// <summary>The model with one service replaced.</summary>
    public static DataPlaneModel With(DataPlaneModel model, VirtualService service) =>
        new(model.Services.Select(s => s.Name == service.Name ? service : s).ToEquatableArray());
}
