using System.Net;
using Fulcrum.Core.Vrrp;

namespace Fulcrum.Core.Tests.Vrrp.Engine;

/// <summary>
/// Graceful stop and take-over on recording ports and a fake clock: a resigning master keeps its
/// VIPs until the new master speaks; a new master announces only once every VIP is in place; a
/// resignation heard on one link moves the whole group.
/// </summary>
public sealed class VrrpNodeStopTests
{
    private static readonly string[] BothVipsRemoved = ["ip addr del 203.0.113.100/24 dev eth0", "ip addr del 192.168.20.254/24 dev eth1"];

    [Fact]
    public void A_stopping_master_resigns_at_once_and_keeps_each_vip_until_that_links_new_master_is_heard()
    {
        using var node = new VrrpNodeHarness();
        node.StartAsMaster();
        node.Addresses.Changes.Clear();

        node.Node.BeginStop();

        Assert.Equal(0, node.Public.Priorities.Last());
        Assert.Equal(0, node.Private.Priorities.Last());
        Assert.Empty(node.Addresses.Changes);
        Assert.True(node.Node.IsReleasing);
        Assert.False(node.Node.IsRunning);
        Assert.All(node.States, s => Assert.Equal(VrrpState.Initialize, s));

        // The backup's Skew_Time (61 ms at priority 100) later it is master: its first advert per link.
        node.Advance(TimeSpan.FromMilliseconds(61));
        node.Receive(0, 0); // a priority-0 advert is nobody taking over
        Assert.Empty(node.Addresses.Changes);
        node.Receive(0, 100);
        Assert.Equal([BothVipsRemoved[0]], node.Addresses.Changes);
        Assert.True(node.Node.IsReleasing);
        node.Receive(1, 100);
        Assert.Equal(BothVipsRemoved, node.Addresses.Changes);
        Assert.False(node.Node.IsReleasing);
        Assert.Null(node.Node.TimeToNextDeadline());
        Assert.Contains(node.Logger.Entries, e => e.EventId == 5024 && e.Message.Contains("203.0.113.2 is master", StringComparison.Ordinal));
        Assert.Contains(node.Logger.Entries, e => e.EventId == 5007);

        // Nothing more is sent or announced once stopped.
        var sent = node.Public.Sent.Count + node.Private.Sent.Count;
        var announced = node.Arp.Announcements.Count;
        node.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(sent, node.Public.Sent.Count + node.Private.Sent.Count);
        Assert.Equal(announced, node.Arp.Announcements.Count);
    }

    [Fact]
    public void A_master_stopping_for_a_restart_sends_one_last_advert_per_link_with_a_long_interval_then_nothing_and_keeps_every_vip()
    {
        using var node = new VrrpNodeHarness();
        node.StartAsMaster();
        node.Addresses.Changes.Clear();
        var (publicSent, privateSent) = (node.Public.Sent.Count, node.Private.Sent.Count);
        var announced = node.Arp.Announcements.Count;

        node.Node.StopForRestart();

        // Not a resignation: the advert carries the node's priority, so the peer's Master_Down_Timer restarts.
        Assert.Equal(publicSent + 1, node.Public.Sent.Count);
        Assert.Equal(privateSent + 1, node.Private.Sent.Count);
        Assert.NotEqual(0, node.Public.Priorities.Last());
        Assert.NotEqual(0, node.Private.Priorities.Last());
        // ...announcing a 5 s interval (RFC 5798 §5.2.7: 12 bits of centiseconds), which the peer adopts.
        Assert.All(new[] { node.Public.Sent[^1].Message, node.Private.Sent[^1].Message }, m => Assert.Equal(500, ((m[4] & 0x0F) << 8) | m[5]));
        var sent = node.Public.Sent.Count + node.Private.Sent.Count;

        Assert.False(node.Node.IsRunning);
        Assert.False(node.Node.IsReleasing);
        Assert.Null(node.Node.TimeToNextDeadline());
        node.Advance(TimeSpan.FromSeconds(10));
        node.Receive(0, 100); // the peer, were it to speak, changes nothing here either
        Assert.Equal(sent, node.Public.Sent.Count + node.Private.Sent.Count);
        Assert.Equal(announced, node.Arp.Announcements.Count);
        Assert.Empty(node.Addresses.Changes);
        Assert.Contains(node.Logger.Entries, e => e.EventId == 5014);
        Assert.DoesNotContain(node.Logger.Entries, e => e.EventId == 5007);
    }

    [Fact]
    public void With_no_new_master_heard_the_vips_go_at_the_release_timeout()
    {
        using var node = new VrrpNodeHarness();
        node.StartAsMaster();
        node.Addresses.Changes.Clear();

        node.Node.BeginStop();

        // Skew_Time at priority 1 (255 × 100 ms / 256 = 99.609375 ms) + 2 × 100 ms.
        var timeout = VrrpNode.ReleaseTimeout(node.Options.Members[0]);
        Assert.Equal(TimeSpan.FromTicks(2_996_093), timeout);
        Assert.Equal(timeout, node.Node.TimeToNextDeadline());
        node.Advance(timeout - TimeSpan.FromTicks(1));
        Assert.Empty(node.Addresses.Changes);
        node.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(BothVipsRemoved, node.Addresses.Changes);
        Assert.False(node.Node.IsReleasing);
        Assert.Contains(node.Logger.Entries, e => e.EventId == 5024 && e.Message.Contains("no new master heard", StringComparison.Ordinal));
    }

    [Fact]
    public void A_backup_stops_at_once_with_nothing_to_release()
    {
        using var node = new VrrpNodeHarness(priority: 100);
        node.Node.Start();
        node.Receive(0, 150);
        node.Receive(1, 150);

        node.Node.BeginStop();

        Assert.False(node.Node.IsReleasing);
        Assert.Empty(node.Addresses.Changes);
        Assert.Empty(node.Public.Sent);
        Assert.Null(node.Node.TimeToNextDeadline());
    }

    [Fact]
    public void Stop_again_while_releasing_removes_the_vips_at_once()
    {
        using var node = new VrrpNodeHarness();
        node.StartAsMaster();
        node.Addresses.Changes.Clear();
        node.Node.BeginStop();

        node.Node.Stop();

        Assert.Equal(BothVipsRemoved, node.Addresses.Changes);
        Assert.False(node.Node.IsReleasing);
    }

    [Fact]
    public void A_new_master_announces_only_once_every_vip_is_in_place()
    {
        using var node = new VrrpNodeHarness(priority: 100);
        node.Node.Start();

        node.Advance(TimeSpan.FromSeconds(1));

        // Each member adds its VIP before its first advert (a resigning peer lets go when it hears it).
        Assert.Equal(
            [
                "ip addr add 203.0.113.100/24 dev eth0",
                "advert eth0 priority 100",
                "ip addr add 192.168.20.254/24 dev eth1",
                "advert eth1 priority 100",
                "arp eth0 203.0.113.100",
                "arp eth1 192.168.20.254",
            ],
            node.Journal.Take(6));
    }

    [Fact]
    public void A_backup_takes_over_after_skew_time_when_the_master_resigns_on_the_private_link_only()
    {
        using var node = new VrrpNodeHarness(priority: 100);
        node.Node.Start();
        for (var i = 0; i < 5; i++)
        {
            node.Receive(0, 150);
            node.Receive(1, 150);
            node.Advance(TimeSpan.FromMilliseconds(100));
        }

        // The master's public link went down: it resigns where it still can, on the private link.
        node.Receive(1, 0);
        node.Advance(TimeSpan.FromMilliseconds(60));
        Assert.All(node.States, s => Assert.Equal(VrrpState.Backup, s));
        node.Advance(TimeSpan.FromMilliseconds(1)); // Skew_Time at priority 100: 60.9375 ms

        Assert.All(node.States, s => Assert.Equal(VrrpState.Master, s));
        Assert.Equal(
            [(IPAddress.Parse("203.0.113.100"), "eth0"), (IPAddress.Parse("192.168.20.254"), "eth1")],
            node.Arp.Announcements.Select(a => (a.Address, a.Interface)).Take(2));
    }
}
