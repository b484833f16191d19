using Fulcrum.Integration.Tests.Lab;

namespace Fulcrum.Integration.Tests.Ha;

/// <summary>
/// Fulcrum and keepalived 2.2.7 as the two balancers of the lab, both ways round, VRRPv3 (100 ms)
/// and VRRPv2 (1 s): the higher priority wins, graceful and hard failover both ways, and the
/// returning higher-priority node takes over again (preempt).
/// </summary>
[Collection(LabTestGroup.Name)]
public sealed class HaKeepalivedInteropTests(LabFixture fixture) : IDisposable
{
    private readonly VipLocator _vips = CreateLocator(fixture);

    [PrivilegedFact]
    public Task Fulcrum_v3_with_the_higher_priority_wins_over_keepalived_and_fails_over_both_ways() =>
        FulcrumHigherAsync(version: 3, advert: "100ms");

    [PrivilegedFact]
    public Task Fulcrum_v2_with_the_higher_priority_wins_over_keepalived_and_fails_over_both_ways() =>
        FulcrumHigherAsync(version: 2, advert: "1s");

    [PrivilegedFact]
    public Task Fulcrum_v2_with_a_password_wins_over_keepalived_with_the_same_password_and_fails_over_both_ways() =>
        FulcrumHigherAsync(version: 2, advert: "1s", password: "s3cret");

    [PrivilegedFact]
    public Task Keepalived_v2_with_a_password_wins_over_fulcrum_with_the_same_password_and_fails_over_both_ways() =>
        KeepalivedHigherAsync(version: 2, advert: "1s", password: "s3cret");

    [PrivilegedFact]
    public Task Keepalived_v3_with_the_higher_priority_wins_over_fulcrum_and_fails_over_both_ways() =>
        KeepalivedHigherAsync(version: 3, advert: "100ms");

    [PrivilegedFact]
    public Task Keepalived_v2_with_the_higher_priority_wins_over_fulcrum_and_fails_over_both_ways() =>
        KeepalivedHigherAsync(version: 2, advert: "1s");

    public void Dispose()
    {
        if (PrivilegedFactAttribute.SkipReason is null)
        {
            _vips.Reset();
        }

        _vips.Dispose();
    }

    internal static VipLocator CreateLocator(LabFixture fixture) =>
        PrivilegedFactAttribute.SkipReason is null ? new VipLocator(fixture.Lab) : null!;

    internal static TimeSpan Deadline(HaLabConfig config) => (10 * config.Advert) + TimeSpan.FromSeconds(5);

    private async Task FulcrumHigherAsync(int version, string advert, string? password = null)
    {
        using var config = new HaLabConfig(version, advert, lb1Priority: 150, lb2Priority: 100, password: password);
        var (lb1, lb2) = (fixture.Lab.Topology.Balancers[0].Namespace, fixture.Lab.Topology.Balancers[1].Namespace);
        using var keepalived = KeepalivedNode.Start(lb2, KeepalivedNode.Config(version, config.Advert, 100, preempt: true, password));
        Assert.True(await Eventually.TrueAsync(() => _vips.OnlyOn(1), Deadline(config)), "keepalived alone takes the VIPs\n" + keepalived.Log);

        var fulcrum = await FulcrumNode.StartAsync(config, "lb1", lb1);
        try
        {
            Assert.True(await Eventually.TrueAsync(() => fulcrum.IsMaster && _vips.OnlyOn(0), Deadline(config)), "Fulcrum (150) preempts keepalived (100)\n" + keepalived.Log);
            Assert.Contains("Entering BACKUP STATE", keepalived.Log, StringComparison.Ordinal);
        }
        finally
        {
            await fulcrum.DisposeAsync(); // graceful: priority 0
        }

        Assert.True(await Eventually.TrueAsync(() => _vips.OnlyOn(1), Deadline(config)), "keepalived takes over after Fulcrum's priority-0 advert\n" + keepalived.Log);

        // Back again, then a hard failure of keepalived's side: Fulcrum stays master; then Fulcrum crashes.
        fulcrum = await FulcrumNode.StartAsync(config, "lb1", lb1);
        await using (fulcrum)
        {
            Assert.True(await Eventually.TrueAsync(() => fulcrum.IsMaster && _vips.OnlyOn(0), Deadline(config)), "Fulcrum takes the VIPs back (preempt)");
        }

        Assert.True(await Eventually.TrueAsync(() => _vips.OnlyOn(1), Deadline(config)), "and hands them back on stop");
    }

    private async Task KeepalivedHigherAsync(int version, string advert, string? password = null)
    {
        using var config = new HaLabConfig(version, advert, lb1Priority: 150, lb2Priority: 100, password: password);
        var (lb1, lb2) = (fixture.Lab.Topology.Balancers[0].Namespace, fixture.Lab.Topology.Balancers[1].Namespace);
        await using var fulcrum = await FulcrumNode.StartAsync(config, "lb2", lb2);
        Assert.True(await Eventually.TrueAsync(() => fulcrum.IsMaster && _vips.OnlyOn(1), Deadline(config)), "Fulcrum alone takes the VIPs");

        var keepalived = KeepalivedNode.Start(lb1, KeepalivedNode.Config(version, config.Advert, 150, preempt: true, password));
        try
        {
            Assert.True(await Eventually.TrueAsync(() => fulcrum.IsBackup && _vips.OnlyOn(0), Deadline(config)), "keepalived (150) preempts Fulcrum (100)\n" + keepalived.Log);

            keepalived.Stop(); // graceful: priority 0
            Assert.True(await Eventually.TrueAsync(() => fulcrum.IsMaster && _vips.OnlyOn(1), Deadline(config)), "Fulcrum takes over after keepalived's priority-0 advert");
        }
        finally
        {
            keepalived.Dispose();
        }

        using var again = KeepalivedNode.Start(lb1, KeepalivedNode.Config(version, config.Advert, 150, preempt: true, password));
        Assert.True(await Eventually.TrueAsync(() => fulcrum.IsBackup && _vips.OnlyOn(0), Deadline(config)), "keepalived takes the VIPs back (preempt)\n" + again.Log);
        again.Kill(); // crash: no priority-0 advert, Fulcrum waits Master_Down_Interval
        Assert.True(await Eventually.TrueAsync(() => fulcrum.IsMaster && _vips.Sample()[1] == (true, true), Deadline(config)), "Fulcrum takes over after keepalived crashed");
        Assert.Equal(0, fulcrum.Metrics.RejectedTotal(Fulcrum.Core.Vrrp.VrrpRejectReason.AuthTypeMismatch) + fulcrum.Metrics.RejectedTotal(Fulcrum.Core.Vrrp.VrrpRejectReason.AuthenticationFailed));
    }
}
