using Fulcrum.Core.Vrrp;

namespace Fulcrum.Core.Tests.Vrrp.Engine;

/// <summary>
/// The graceful hand-over (<c>fulcrum failover</c>) on recording ports and a fake clock: the master
/// resigns with a priority-0 advert but keeps each member's VIPs until the new master's advert is
/// heard on that link (at most <see cref="VrrpNode.ReleaseTimeout"/>), stays backup and returns to
/// its normal priority once the peer is master.
/// </summary>
public sealed class VrrpNodeHandOverTests
{
    private const string DelPublic = "ip addr del 203.0.113.100/24 dev eth0";
    private const string DelPrivate = "ip addr del 192.168.20.254/24 dev eth1";

    [Fact]
    public void Hand_over_resigns_at_once_keeps_each_vip_until_that_links_new_master_is_heard_then_restores_priority()
    {
        using var node = new VrrpNodeHarness(priority: 150, preempt: false);
        node.StartAsMaster();
        node.Journal.Clear();
        node.DrainTransitions();

        Assert.True(node.Node.HandOver());

        // Priority 1 announced, then each master resigns with priority 0; no VIP is touched.
        Assert.Equal(
            ["advert eth0 priority 1", "advert eth1 priority 1", "advert eth0 priority 0", "advert eth1 priority 0"],
            node.Journal);
        Assert.True(node.Node.IsHandingOver);
        Assert.True(node.Node.IsReleasing);
        Assert.True(node.Node.IsRunning);
        Assert.All(node.States, s => Assert.Equal(VrrpState.Backup, s));
        Assert.All(node.Node.Instances, i => Assert.Equal(1, i.Priority));
        Assert.Equal(["203.0.113.100/24"], node.Addresses.AddressesOn("eth0"));
        Assert.Equal(["192.168.20.254/24"], node.Addresses.AddressesOn("eth1"));
        Assert.All(node.DrainTransitions(), t => Assert.Equal((VrrpState.Master, VrrpState.Backup), (t.From, t.To)));

        // The peer's Skew_Time (61 ms at priority 100): still nobody else, the VIPs stay here.
        node.Advance(TimeSpan.FromMilliseconds(61));
        Assert.Equal(4, node.Journal.Count);
        Assert.Equal(["203.0.113.100/24"], node.Addresses.AddressesOn("eth0"));

        // The peer's first advert on the public link: that VIP goes, the private one waits for its own link.
        node.Receive(0, 100);
        Assert.Equal(DelPublic, node.Journal[^1]);
        Assert.Empty(node.Addresses.AddressesOn("eth0"));
        Assert.Equal(["192.168.20.254/24"], node.Addresses.AddressesOn("eth1"));
        Assert.True(node.Node.IsReleasing);
        Assert.True(node.Node.IsHandingOver);

        node.Receive(1, 100);
        Assert.Equal(
            ["advert eth0 priority 1", "advert eth1 priority 1", "advert eth0 priority 0", "advert eth1 priority 0", DelPublic, DelPrivate],
            node.Journal);
        Assert.False(node.Node.IsReleasing);
        Assert.False(node.Node.IsHandingOver);
        Assert.All(node.Node.Instances, i => Assert.Equal(150, i.Priority));
        Assert.All(node.States, s => Assert.Equal(VrrpState.Backup, s));
        Assert.Contains(node.Logger.Entries, e => e.EventId == 5024 && e.Message.Contains("203.0.113.2 is master", StringComparison.Ordinal));
        Assert.DoesNotContain(node.Logger.Entries, e => e.EventId == 5007); // still running, as a backup

        // A backup from now on (preempt off): it follows the peer's adverts and sends nothing.
        for (var i = 0; i < 10; i++)
        {
            node.Advance(TimeSpan.FromMilliseconds(100));
            node.Receive(0, 100);
            node.Receive(1, 100);
        }

        Assert.Equal(6, node.Journal.Count);
        Assert.All(node.States, s => Assert.Equal(VrrpState.Backup, s));
    }

    [Fact]
    public void With_no_new_master_heard_the_vips_go_at_the_release_timeout_and_the_node_is_master_again_at_its_own_master_down()
    {
        using var node = new VrrpNodeHarness(priority: 150);
        node.StartAsMaster();
        Assert.True(node.Node.HandOver());
        node.Journal.Clear();
        var timeout = VrrpNode.ReleaseTimeout(node.Options.Members[0]);

        node.Advance(timeout - TimeSpan.FromTicks(1));
        Assert.Empty(node.Journal);
        Assert.True(node.Node.IsReleasing);
        node.Advance(TimeSpan.FromTicks(1));
        Assert.Equal([DelPublic, DelPrivate], node.Journal);
        Assert.False(node.Node.IsReleasing);
        Assert.Contains(node.Logger.Entries, e => e.EventId == 5024 && e.Message.Contains("no new master heard", StringComparison.Ordinal));

        // Its own Master_Down_Interval at priority 1: 3 × 100 ms + 255/256 × 100 ms after the hand-over.
        node.Advance(TimeSpan.FromTicks(3_996_093) - timeout - TimeSpan.FromTicks(1));
        Assert.All(node.States, s => Assert.Equal(VrrpState.Backup, s));
        node.Advance(TimeSpan.FromTicks(1));
        Assert.All(node.States, s => Assert.Equal(VrrpState.Master, s));
        Assert.Equal(
            [DelPublic, DelPrivate, "ip addr add 203.0.113.100/24 dev eth0", "advert eth0 priority 1", "ip addr add 192.168.20.254/24 dev eth1", "advert eth1 priority 1"],
            node.Journal.Take(6));
        Assert.False(node.Node.IsHandingOver);
        Assert.All(node.Node.Instances, i => Assert.Equal(150, i.Priority));
    }

    [Fact]
    public void A_fault_during_the_release_removes_the_kept_vips_at_once()
    {
        using var node = new VrrpNodeHarness(priority: 150, tracking: [new VrrpTrackedObject("service:web", 0)]);
        node.StartAsMaster();
        Assert.True(node.Node.HandOver());
        node.Journal.Clear();

        node.Node.SetTrackedState("service:web", up: false);
        node.Node.RunDueTimers(); // as the engine does after every input

        Assert.All(node.States, s => Assert.Equal(VrrpState.Fault, s));
        Assert.Equal([DelPublic, DelPrivate], node.Journal);
        Assert.False(node.Node.IsReleasing);
        Assert.Contains(node.Logger.Entries, e => e.EventId == 5024 && e.Message.Contains("fault", StringComparison.Ordinal));
    }

    [Fact]
    public void A_stop_during_the_release_goes_on_releasing_until_the_new_master_is_heard()
    {
        using var node = new VrrpNodeHarness(priority: 150);
        node.StartAsMaster();
        Assert.True(node.Node.HandOver());
        node.Journal.Clear();

        node.Node.BeginStop();

        Assert.False(node.Node.IsRunning);
        Assert.True(node.Node.IsReleasing);
        Assert.Empty(node.Journal); // a backup stops silently; the VIPs still wait for the peer
        Assert.DoesNotContain(node.Logger.Entries, e => e.EventId == 5007);

        node.Receive(0, 100);
        node.Receive(1, 100);

        Assert.Equal([DelPublic, DelPrivate], node.Journal);
        Assert.False(node.Node.IsReleasing);
        Assert.Single(node.Logger.Entries, e => e.EventId == 5007);
        Assert.Null(node.Node.TimeToNextDeadline());
    }

    [Fact]
    public void Hand_over_is_refused_unless_master()
    {
        using var node = new VrrpNodeHarness(priority: 150);
        node.Node.Start();

        Assert.False(node.Node.HandOver());
        Assert.False(node.Node.IsHandingOver);
        Assert.False(node.Node.IsReleasing);
        Assert.Empty(node.Public.Sent);
    }

    [Fact]
    public void A_graceful_stop_still_releases_as_before_and_logs_the_stop_once()
    {
        using var node = new VrrpNodeHarness(priority: 150);
        node.StartAsMaster();
        node.Journal.Clear();

        node.Node.BeginStop();
        node.Receive(0, 100);
        node.Receive(1, 100);

        Assert.Equal(["advert eth0 priority 0", "advert eth1 priority 0", DelPublic, DelPrivate], node.Journal);
        Assert.Single(node.Logger.Entries, e => e.EventId == 5007);
    }
}
