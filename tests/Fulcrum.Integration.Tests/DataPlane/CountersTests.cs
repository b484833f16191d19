using Fulcrum.Core.Config;
using Fulcrum.Integration.Tests.Lab;

namespace Fulcrum.Integration.Tests.DataPlane;

/// <summary>Per service and per server packets, bytes and live connections, read from the stats set and conntrack.</summary>
[Collection(LabTestGroup.Name)]
public sealed class CountersTests(LabFixture fixture)
{
    [PrivilegedFact]
    public async Task Counters_show_each_servers_traffic_in_both_directions_and_its_open_connections()
    {
        using var lb = new Balancer(fixture.Lab);
        await lb.ApplyAsync(Services.Model(
            Services.Tcp("web", Balancer.Vip, 80, Scheduler.RoundRobin, [(lb.Server(1), 1), (lb.Server(2), 1), (lb.Server(3), 0)])));

        await LabHttp.CountAsync(lb.Client.Namespace, Balancer.At(Balancer.Vip), 100);
        using var open = await LabHttp.ConnectAsync(lb.Client.Namespace, Balancer.At(Balancer.Vip));
        var server = (await open.RequestAsync(TimeSpan.FromSeconds(5))).Server;

        var web = Assert.Single(await lb.Engine.ReadCountersAsync(CancellationToken.None));
        var (rs1, rs2, rs3) = (web.Servers[0].Traffic, web.Servers[1].Traffic, web.Servers[2].Traffic);

        // Every connection is at least SYN, ACK, request, FIN from the client and SYN-ACK, reply, FIN back.
        Assert.InRange(rs1.PacketsIn, 50UL * 4, 51UL * 12);
        Assert.InRange(rs2.PacketsIn, 50UL * 4, 51UL * 12);
        Assert.True(rs1.BytesOut > rs1.BytesIn && rs2.BytesOut > rs2.BytesIn, "replies carry the pages");
        Assert.Equal(new Fulcrum.Core.DataPlane.TrafficCounters(0, 0, 0, 0, 0), rs3);
        Assert.Equal(rs1.PacketsIn + rs2.PacketsIn, web.Total.PacketsIn);
        Assert.Equal(1, (server == "rs1" ? rs1 : rs2).Connections);
        Assert.Equal(1, web.Total.Connections);
    }
}
