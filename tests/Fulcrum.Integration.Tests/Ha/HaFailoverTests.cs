using System.Text.RegularExpressions;
using Fulcrum.Core.Vrrp;
using Fulcrum.Integration.Tests.Lab;
using Fulcrum.Integration.Tests.Netlink;

namespace Fulcrum.Integration.Tests.Ha;

/// <summary>Two Fulcrum nodes in the lab (VRRPv3, 100 ms): link tracking, preempt and nopreempt, ARP after convergence.</summary>
[Collection(LabTestGroup.Name)]
public sealed partial class HaFailoverTests(LabFixture fixture) : IDisposable
{
    private readonly VipLocator _vips = HaKeepalivedInteropTests.CreateLocator(fixture);

    private string Lb1 => fixture.Lab.Topology.Balancers[0].Namespace;

    private string Lb2 => fixture.Lab.Topology.Balancers[1].Namespace;

    [PrivilegedFact]
    public async Task Masters_public_link_down_moves_both_vips_to_the_backup_never_split_longer_than_one_advert()
    {
        using var config = new HaLabConfig(3, "100ms", preempt: true);
        await using var lb1 = await FulcrumNode.StartAsync(config, "lb1", Lb1);
        await using var lb2 = await FulcrumNode.StartAsync(config, "lb2", Lb2);
        Assert.True(await Eventually.TrueAsync(() => lb1.IsMaster && lb2.IsBackup && _vips.OnlyOn(0), HaKeepalivedInteropTests.Deadline(config)));

        using (var sampler = new VipSampler(_vips))
        {
            ProcessRunner.Run("ip", "-n", Lb1, "link", "set", "eth0", "down");
            Assert.True(await Eventually.TrueAsync(() => lb2.IsMaster && _vips.OnlyOn(1), HaKeepalivedInteropTests.Deadline(config)), "both VIPs move to lb2");
            Assert.All(lb1.States, s => Assert.Equal(VrrpState.Fault, s));
            await Task.Delay(500); // keep sampling a settled state too

            ProcessRunner.Run("ip", "-n", Lb1, "link", "set", "eth0", "up");
            Assert.True(await Eventually.TrueAsync(() => lb1.IsMaster && lb2.IsBackup && _vips.OnlyOn(0), HaKeepalivedInteropTests.Deadline(config)), "lb1 takes them back when its link returns (preempt)");
            await Task.Delay(500);
            sampler.Dispose();
            Assert.True(sampler.Count > 20, $"only {sampler.Count} samples");
            Assert.True(sampler.LongestSplit() <= config.Advert, $"split for {sampler.LongestSplit().TotalMilliseconds} ms:\n{sampler.Describe()}");
        }
    }

    [PrivilegedFact]
    public async Task Old_master_restarted_with_nopreempt_comes_back_as_backup()
    {
        using var config = new HaLabConfig(3, "100ms", preempt: false);
        await using var lb2 = await StartPairThenStopLb1Async(config);

        await using var lb1 = await FulcrumNode.StartAsync(config, "lb1", Lb1);
        Assert.True(await Eventually.TrueAsync(() => lb1.IsBackup, HaKeepalivedInteropTests.Deadline(config)));

        // Twenty adverts later, nothing has moved.
        await Task.Delay(20 * config.Advert);
        Assert.True(lb1.IsBackup && lb2.IsMaster && _vips.OnlyOn(1), $"lb1 {string.Join(",", lb1.States)}, lb2 {string.Join(",", lb2.States)}");
    }

    [PrivilegedFact]
    public async Task Old_master_restarted_with_preempt_takes_over_once()
    {
        using var config = new HaLabConfig(3, "100ms", preempt: true);
        await using var lb2 = await StartPairThenStopLb1Async(config);
        var before = lb2.Transitions.Count;

        await using var lb1 = await FulcrumNode.StartAsync(config, "lb1", Lb1);
        Assert.True(await Eventually.TrueAsync(() => lb1.IsMaster && lb2.IsBackup && _vips.OnlyOn(0), HaKeepalivedInteropTests.Deadline(config)));
        await Task.Delay(20 * config.Advert);

        var after = lb2.Transitions.Skip(before).ToList();
        Assert.True(
            after.Count == 2, // public and private, each Master -> Backup, once
            $"lb2 made {after.Count} transitions:\n{Describe(after)}\nlb1:\n{Describe(lb1.Transitions)}");
        Assert.All(after, t => Assert.Equal((VrrpState.Master, VrrpState.Backup), (t.From, t.To)));
        Assert.True(lb1.IsMaster && _vips.OnlyOn(0));
    }

    [PrivilegedFact]
    public async Task After_convergence_exactly_one_mac_answers_arp_for_each_vip()
    {
        using var config = new HaLabConfig(3, "100ms");
        await using var lb1 = await FulcrumNode.StartAsync(config, "lb1", Lb1);
        await using var lb2 = await FulcrumNode.StartAsync(config, "lb2", Lb2);
        Assert.True(await Eventually.TrueAsync(() => lb1.IsMaster && lb2.IsBackup && _vips.OnlyOn(0), HaKeepalivedInteropTests.Deadline(config)));

        var topology = fixture.Lab.Topology;
        var publicMacs = ArpingMacs(topology.Client.Namespace, VipLocator.PublicVip.ToString());
        var privateMacs = ArpingMacs(topology.RealServers[0].Namespace, VipLocator.PrivateVip.ToString());

        Assert.Equal([MacOf(Lb1, "eth0")], publicMacs);
        Assert.Equal([MacOf(Lb1, "eth1")], privateMacs);
    }

    public void Dispose()
    {
        if (PrivilegedFactAttribute.SkipReason is null)
        {
            _vips.Reset();
        }

        _vips.Dispose();
    }

    private async Task<FulcrumNode> StartPairThenStopLb1Async(HaLabConfig config)
    {
        FulcrumNode lb2;
        await using (var lb1 = await FulcrumNode.StartAsync(config, "lb1", Lb1))
        {
            Assert.True(await Eventually.TrueAsync(() => lb1.IsMaster && _vips.OnlyOn(0), HaKeepalivedInteropTests.Deadline(config)));
            lb2 = await FulcrumNode.StartAsync(config, "lb2", Lb2);
            Assert.True(await Eventually.TrueAsync(() => lb2.IsBackup, HaKeepalivedInteropTests.Deadline(config)));
        }

        Assert.True(await Eventually.TrueAsync(() => lb2.IsMaster && _vips.OnlyOn(1), HaKeepalivedInteropTests.Deadline(config)));
        return lb2;
    }

    private static string Describe(IEnumerable<VrrpTransition> transitions) =>
        string.Join('\n', transitions.Select(t => $"  {t.At:HH:mm:ss.fff} {t.Instance} {t.From} -> {t.To} ({t.Reason}, priority {t.Priority})"));

    private static string[] ArpingMacs(string fromNamespace, string address)
    {
        string output;
        try
        {
            output = ProcessRunner.Run("ip", "netns", "exec", fromNamespace, "arping", "-c", "3", "-w", "3", "-I", "eth0", address);
        }
        catch (InvalidOperationException failed)
        {
            output = failed.Message; // arping exits 1 when a probe went unanswered; the replies still count
        }

        return [.. ReplyMac().Matches(output).Select(m => m.Groups[1].Value.ToUpperInvariant()).Distinct()];
    }

    // ip netns exec mounts the namespace's own /sys.
    private static string MacOf(string networkNamespace, string device) =>
        ProcessRunner.Run("ip", "netns", "exec", networkNamespace, "cat", $"/sys/class/net/{device}/address").Trim().ToUpperInvariant();

    [GeneratedRegex(@"bytes from ([0-9a-fA-F:]{17}) \(")]
    private static partial Regex ReplyMac();
}
