using System.Net;
using System.Text.RegularExpressions;
using Fulcrum.Core.Config;
using Fulcrum.Core.DataPlane;
using Fulcrum.Core.Net;
using Fulcrum.Integration.Tests.Lab;
using Fulcrum.Integration.Tests.Netlink;
using Fulcrum.Linux.DataPlane;

namespace Fulcrum.Integration.Tests.DataPlane;

/// <summary>The kernel is the source of truth: a new engine (a restarted daemon) reads back exactly what was applied and changes only differences.</summary>
[Collection(LabTestGroup.Name)]
public sealed partial class AdoptionTests(LabFixture fixture)
{
    [PrivilegedFact]
    public async Task A_restarted_engine_reads_back_the_applied_model_and_plans_nothing()
    {
        using var lb = new Balancer(fixture.Lab);
        var desired = Intent(lb, rs2Weight: 2);
        await lb.ApplyAsync(desired);

        using var restarted = NftDataPlane.Open(lb.Namespace);
        var read = await restarted.ReadAsync(CancellationToken.None);

        Assert.Equal(desired, read);
        // nft 1.0.6 lists the layout: dispatch through the bucket map, a persistent service's own chain.
        var listing = lb.Nft("list", "table", "ip", NftLayout.Table);
        Assert.Contains("vmap @buckets", listing, StringComparison.Ordinal);
        Assert.Matches(@"jump svc_\d+ comment ""fulcrum service=sticky id=\d+ ", listing);
        Assert.Matches(@"numgen inc mod 3 .*comment ""fulcrum service=web id=\d+ ", listing);
        var plan = DataPlanePlanner.Plan(read, desired);
        Assert.True(plan.IsEmpty, string.Join("; ", plan.Operations));
        Assert.Empty(restarted.Describe(plan));
    }

    [PrivilegedFact]
    public async Task A_restarted_engine_corrects_by_difference_without_recreating_anything()
    {
        using var lb = new Balancer(fixture.Lab);
        await lb.ApplyAsync(Intent(lb, rs2Weight: 2));
        var handlesBefore = Handles(lb.Nft("-a", "list", "table", "ip", NftLayout.Table));

        using var restarted = NftDataPlane.Open(lb.Namespace);
        var changed = Intent(lb, rs2Weight: 0, extraServer: lb.Server(3));
        var plan = DataPlanePlanner.Plan(await restarted.ReadAsync(CancellationToken.None), changed);
        var described = restarted.Describe(plan);
        await restarted.ApplyAsync(plan, CancellationToken.None);

        // Only the service that changed is touched: no chain, set or table was deleted and re-made.
        Assert.Equal(2, plan.Operations.Count);
        Assert.DoesNotContain(described, line => line.Contains("bucket_2", StringComparison.Ordinal) || line.StartsWith("add table", StringComparison.Ordinal));
        Assert.Equal(handlesBefore, Handles(lb.Nft("-a", "list", "table", "ip", NftLayout.Table)));
        Assert.Equal(changed, await NftDataPlane.Open(lb.Namespace).ReadAsync(CancellationToken.None));

        var page = await LabHttp.CountAsync(lb.Client.Namespace, Balancer.At(Balancer.Vip), 30);
        Assert.Equal(["rs1", "rs3"], page.Keys.Order(StringComparer.Ordinal));
    }

    [PrivilegedFact]
    public async Task A_change_the_kernel_rejects_leaves_the_ruleset_byte_identical_and_reports_the_kernels_message()
    {
        using var lb = new Balancer(fixture.Lab);
        var before = Intent(lb, rs2Weight: 2);
        await lb.ApplyAsync(before);

        // Someone else took 203.0.113.100:81/tcp in Fulcrum's dispatch map: the new service's element clashes.
        lb.Nft("add", "element", "ip", NftLayout.Table, NftLayout.Services, "{ 203.0.113.100 . tcp . 81 : 0x7fff0000 }");
        var listing = lb.Nft("-j", "list", "table", "ip", NftLayout.Table);
        var clashing = Services.Model([.. before.Services, Services.Tcp("clash", Balancer.Vip, 81, Scheduler.RoundRobin, [(lb.Server(1), 1)])]);

        var plan = DataPlanePlanner.Plan(before, clashing);
        var failure = await Assert.ThrowsAsync<DataPlaneException>(() => lb.Engine.ApplyAsync(plan, CancellationToken.None));

        Assert.Equal(listing, lb.Nft("-j", "list", "table", "ip", NftLayout.Table));
        Assert.Contains("NFT_MSG_NEWSETELEM", failure.Message, StringComparison.Ordinal);
        Assert.Matches("E[A-Z]+", failure.Message);
        Assert.Equal(before, await lb.Engine.ReadAsync(CancellationToken.None));
    }

    private static DataPlaneModel Intent(Balancer lb, ushort rs2Weight, IPAddress? extraServer = null)
    {
        List<(IPAddress, ushort)> web = [(lb.Server(1), 1), (lb.Server(2), rs2Weight)];
        if (extraServer is not null)
        {
            web.Add((extraServer, 1));
        }

        return Services.Model(
            Services.Tcp("web", Balancer.Vip, 80, Scheduler.WeightedRoundRobin, web),
            Services.Tcp("sticky", Balancer.Vip2, 80, Scheduler.Maglev, [(lb.Server(1), 1), (lb.Server(2), 0), (lb.Server(3), 3)],
                new PersistenceConfig(TimeSpan.FromSeconds(300), 24), new ServerEndpoint(lb.Server(3), 80)),
            Services.Service("range", new ListenEndpoint(Balancer.Vip, new PortRange(8000, 8100), L4Protocol.Udp), Scheduler.SourceHash,
                [new RealServer(new ServerEndpoint(lb.Server(1), null), 5)]));
    }

    /// <summary>Every "name ... # handle N" of <c>nft -a list</c> for the table, its sets and chains.</summary>
    private static List<string> Handles(string listing) =>
        [.. listing.Split('\n').Where(l => ObjectLine().IsMatch(l)).Select(l => l.Trim())];

    [GeneratedRegex(@"^\s*(table|map|set|chain) \S+ .*# handle \d+$")]
    private static partial Regex ObjectLine();
}
