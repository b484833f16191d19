using Fulcrum.Core.Config;
using Fulcrum.Integration.Tests.Lab;

namespace Fulcrum.Integration.Tests.DataPlane;

/// <summary>wrr and rr through the nftables engine, with real nginx servers and real connections.</summary>
[Collection(LabTestGroup.Name)]
public sealed class WeightedRoundRobinTests(LabFixture fixture)
{
    [PrivilegedFact]
    public async Task Ten_thousand_new_connections_over_wrr_3_1_0_land_75_25_0_and_servers_see_the_client()
    {
        using var lb = new Balancer(fixture.Lab);
        await lb.ApplyAsync(Services.Model(
            Services.Tcp("web", Balancer.Vip, 80, Scheduler.WeightedRoundRobin, [(lb.Server(1), 3), (lb.Server(2), 1), (lb.Server(3), 0)])));

        var counts = await LabHttp.CountAsync(lb.Client.Namespace, Balancer.At(Balancer.Vip), 10_000);

        Assert.True(counts.Values.Sum() == 10_000 && !counts.Keys.Any(k => k.StartsWith("error", StringComparison.Ordinal)), Text(counts));
        Assert.InRange(counts.GetValueOrDefault("rs1"), 7_300, 7_700);
        Assert.InRange(counts.GetValueOrDefault("rs2"), 2_300, 2_700);
        Assert.False(counts.ContainsKey("rs3"), "the server with weight 0 got new connections");

        // LVS-NAT: the real server sees the client's own address, in the reply and in its log.
        var reply = await LabHttp.GetAsync(lb.Client.Namespace, Balancer.At(Balancer.Vip));
        Assert.Equal("203.0.113.50", reply.SeenClient);
        var log = File.ReadAllText(fixture.Lab.AccessLogPath(fixture.Lab.Topology.RealServers[0]));
        Assert.Contains("peer=203.0.113.50:", log, StringComparison.Ordinal);
    }

    [PrivilegedFact]
    public async Task Two_services_with_interleaved_traffic_each_split_as_configured()
    {
        using var lb = new Balancer(fixture.Lab);
        await lb.ApplyAsync(Services.Model(
            Services.Tcp("a", Balancer.Vip, 80, Scheduler.RoundRobin, [(lb.Server(1), 1), (lb.Server(2), 1)]),
            Services.Tcp("b", Balancer.Vip2, 80, Scheduler.WeightedRoundRobin, [(lb.Server(1), 1), (lb.Server(2), 1), (lb.Server(3), 2)])));

        // Strictly alternating: with one counter shared by both services, "a" would see only even
        // counter values and land on one server.
        var a = new Dictionary<string, int>();
        var b = new Dictionary<string, int>();
        for (var i = 0; i < 600; i++)
        {
            var ra = await LabHttp.GetAsync(lb.Client.Namespace, Balancer.At(Balancer.Vip));
            var rb = await LabHttp.GetAsync(lb.Client.Namespace, Balancer.At(Balancer.Vip2));
            a[ra.Server] = a.GetValueOrDefault(ra.Server) + 1;
            b[rb.Server] = b.GetValueOrDefault(rb.Server) + 1;
        }

        Assert.Equal("rs1=300 rs2=300", Text(a));
        Assert.Equal("rs1=150 rs2=150 rs3=300", Text(b));
    }

    private static string Text(IReadOnlyDictionary<string, int> counts) =>
        string.Join(' ', counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}={c.Value}"));
}
