using Fulcrum.Core.Config;
using Fulcrum.Integration.Tests.Lab;

namespace Fulcrum.Integration.Tests.DataPlane;

/// <summary>sh, maglev and random scheduling, and persistence with its timeout and netmask.</summary>
[Collection(LabTestGroup.Name)]
public sealed class HashingAndPersistenceTests(LabFixture fixture)
{
    [PrivilegedTheory]
    [InlineData(Scheduler.SourceHash)]
    [InlineData(Scheduler.Maglev)]
    public async Task A_client_always_reaches_the_same_server_and_clients_spread(Scheduler scheduler)
    {
        using var lb = new Balancer(fixture.Lab);
        var clients = Enumerable.Range(60, 8).Select(i => lb.AddClientAddress($"203.0.113.{i}")).ToList();
        await lb.ApplyAsync(Services.Model(
            Services.Tcp("web", Balancer.Vip, 80, scheduler, [(lb.Server(1), 1), (lb.Server(2), 1), (lb.Server(3), 1)])));

        var chosen = new HashSet<string>();
        foreach (var client in clients)
        {
            var counts = await LabHttp.CountAsync(lb.Client.Namespace, Balancer.At(Balancer.Vip), 25, parallel: 5, source: client);
            var only = Assert.Single(counts);
            Assert.Equal(25, only.Value);
            chosen.Add(only.Key);
        }

        Assert.True(chosen.Count >= 2, "eight clients all hashed to " + string.Join(",", chosen));
    }

    [PrivilegedFact]
    public async Task Random_follows_the_weights()
    {
        using var lb = new Balancer(fixture.Lab);
        await lb.ApplyAsync(Services.Model(
            Services.Tcp("web", Balancer.Vip, 80, Scheduler.Random, [(lb.Server(1), 1), (lb.Server(2), 1), (lb.Server(3), 2)])));

        var counts = await LabHttp.CountAsync(lb.Client.Namespace, Balancer.At(Balancer.Vip), 4_000);

        Assert.InRange(counts.GetValueOrDefault("rs1"), 850, 1_150);
        Assert.InRange(counts.GetValueOrDefault("rs2"), 850, 1_150);
        Assert.InRange(counts.GetValueOrDefault("rs3"), 1_800, 2_200);
    }

    [PrivilegedFact]
    public async Task Persistence_keeps_a_client_on_its_server_until_the_timeout_after_its_last_connection_then_lets_go()
    {
        using var lb = new Balancer(fixture.Lab);
        var persistence = new PersistenceConfig(TimeSpan.FromSeconds(2), 32);
        await lb.ApplyAsync(Services.Model(
            Services.Tcp("web", Balancer.Vip, 80, Scheduler.RoundRobin, [(lb.Server(1), 1), (lb.Server(2), 1), (lb.Server(3), 1)], persistence)));

        // Round robin alone would rotate; persistence pins the client. Connections spread over
        // more than the timeout show that each one refreshes it.
        var first = (await LabHttp.GetAsync(lb.Client.Namespace, Balancer.At(Balancer.Vip))).Server;
        for (var i = 0; i < 6; i++)
        {
            await Task.Delay(500);
            Assert.Equal(first, (await LabHttp.GetAsync(lb.Client.Namespace, Balancer.At(Balancer.Vip))).Server);
        }

        Assert.True(await Eventually.TrueAsync(() => !PersistMapHasElements(lb), TimeSpan.FromSeconds(10)), "the persistence entry never expired");

        // Only the first connection was scheduled, so the next pick is the next server.
        Assert.NotEqual(first, (await LabHttp.GetAsync(lb.Client.Namespace, Balancer.At(Balancer.Vip))).Server);
    }

    [PrivilegedFact]
    public async Task Persistence_granularity_groups_clients_of_one_prefix()
    {
        using var lb = new Balancer(fixture.Lab);
        var a = lb.AddClientAddress("203.0.113.70");
        var b = lb.AddClientAddress("203.0.113.71");
        await lb.ApplyAsync(Services.Model(Services.Tcp("web", Balancer.Vip, 80, Scheduler.RoundRobin,
            [(lb.Server(1), 1), (lb.Server(2), 1), (lb.Server(3), 1)], new PersistenceConfig(TimeSpan.FromMinutes(1), 24))));

        var fromA = await LabHttp.CountAsync(lb.Client.Namespace, Balancer.At(Balancer.Vip), 10, parallel: 1, source: a);
        var fromB = await LabHttp.CountAsync(lb.Client.Namespace, Balancer.At(Balancer.Vip), 10, parallel: 1, source: b);

        Assert.Equal(Assert.Single(fromA).Key, Assert.Single(fromB).Key);
        Assert.Contains(" . 203.0.113.0 ", lb.Nft("list", "map", "ip", "fulcrum", "persist"), StringComparison.Ordinal);
    }

    private static bool PersistMapHasElements(Balancer lb) =>
        lb.Nft("list", "map", "ip", "fulcrum", "persist").Contains("elements", StringComparison.Ordinal);
}
