using Fulcrum.Core.Config;
using Fulcrum.Integration.Tests.Lab;
using Fulcrum.Linux.Nftables;

namespace Fulcrum.Integration.Tests.DataPlane;

/// <summary>
/// The encodings the data plane uses on kernels before 6.5 and 6.3 (Debian 12's 6.1), forced on
/// the kernel at hand: each must balance, count, forget and list exactly like the current ones.
/// The guest-kernel tests (Guest/DebianKernelTests) run the same on the real 6.1.
/// </summary>
[Collection(LabTestGroup.Name)]
public sealed class OlderKernelEncodingTests(LabFixture fixture)
{
    [PrivilegedFact]
    public async Task Key_matches_by_value_load_balance_count_and_list_like_the_map_key_matches()
    {
        using var lb = new Balancer(fixture.Lab, NftKernelFeatures.Linux61);
        await lb.ApplyAsync(Services.Model(
            Services.Tcp("web", Balancer.Vip, 80, Scheduler.RoundRobin, [(lb.Server(1), 1), (lb.Server(2), 1), (lb.Server(3), 1)])));

        var counts = await LabHttp.CountAsync(lb.Client.Namespace, Balancer.At(Balancer.Vip), 90);

        Assert.Equal([30, 30, 30], new[] { "rs1", "rs2", "rs3" }.Select(s => counts.GetValueOrDefault(s)));
        var web = Assert.Single(await lb.Engine.ReadCountersAsync(CancellationToken.None));
        Assert.All(web.Servers, s => Assert.True(s.Traffic.PacketsIn >= 30 * 4, $"{s.Traffic.PacketsIn} packets in"));
        // nft 1.0.6 shows the guard of each shared rule (a value nothing read would not be listed
        // at all), though it cannot name the constant's type: "map @services != 0x0 [invalid type]".
        var listing = lb.Nft("list", "table", "ip", "fulcrum");
        Assert.True(listing.Contains("ip daddr . meta l4proto . th dport map @services != 0x0", StringComparison.Ordinal), listing);
        Assert.True(listing.Contains("ip daddr . meta l4proto . th dport map @service_ranges != 0x0", StringComparison.Ordinal), listing);
        Assert.True(listing.Contains("ct mark map @targets != 0x0", StringComparison.Ordinal), listing);
    }

    [PrivilegedFact]
    public async Task Removing_a_server_by_add_and_delete_takes_its_counters_and_persistence_entries_with_it()
    {
        using var lb = new Balancer(fixture.Lab, NftKernelFeatures.Linux61);
        var persistence = new PersistenceConfig(TimeSpan.FromMinutes(5), 32);
        await lb.ApplyAsync(Services.Model(
            Services.Tcp("web", Balancer.Vip, 80, Scheduler.RoundRobin, [(lb.Server(1), 1), (lb.Server(2), 1)], persistence)));
        var pinned = (await LabHttp.GetAsync(lb.Client.Namespace, Balancer.At(Balancer.Vip))).Server;
        var (mark, kept) = pinned == "rs1" ? ("0x00000001", 2) : ("0x00000002", 1);
        Assert.Contains(mark + " . original", lb.Nft("list", "set", "ip", "fulcrum", "stats"), StringComparison.Ordinal);
        Assert.Contains("elements", lb.Nft("list", "map", "ip", "fulcrum", "persist"), StringComparison.Ordinal);

        await lb.ApplyAsync(Services.Model(
            Services.Tcp("web", Balancer.Vip, 80, Scheduler.RoundRobin, [(lb.Server(kept), 1)], persistence)));

        // The pinned server's counter elements and its clients' persistence entry are gone.
        Assert.DoesNotContain(mark + " . ", lb.Nft("list", "set", "ip", "fulcrum", "stats"), StringComparison.Ordinal);
        Assert.DoesNotContain("elements", lb.Nft("list", "map", "ip", "fulcrum", "persist"), StringComparison.Ordinal);
        Assert.Equal("rs" + kept, (await LabHttp.GetAsync(lb.Client.Namespace, Balancer.At(Balancer.Vip))).Server);
    }
}
