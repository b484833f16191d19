using System.Net;
using Fulcrum.Core.Vrrp;

namespace Fulcrum.Core.Tests.Vrrp.Engine;

/// <summary>The node on recording ports, stepped on a fake clock: what is sent, added, removed and announced, and when.</summary>
public sealed class VrrpNodeTests
{
    private static readonly TimeSpan Advert = TimeSpan.FromMilliseconds(100);

    [Fact]
    public void Alone_it_becomes_master_after_master_down_interval_then_adds_vips_announces_and_adverts_every_interval()
    {
        using var node = new VrrpNodeHarness(priority: 150);
        node.Node.Start();
        Assert.All(node.States, s => Assert.Equal(VrrpState.Backup, s));
        Assert.Empty(node.Public.Sent);

        // Master_Down_Interval = 3 × 100 ms + (256 − 150) × 100 ms / 256 = 341.40625 ms.
        node.Advance(TimeSpan.FromMilliseconds(341));
        Assert.All(node.States, s => Assert.Equal(VrrpState.Backup, s));
        node.Advance(TimeSpan.FromMilliseconds(1));
        Assert.All(node.States, s => Assert.Equal(VrrpState.Master, s));
        Assert.Equal(
            ["ip addr add 203.0.113.100/24 dev eth0", "ip addr add 192.168.20.254/24 dev eth1"],
            node.Addresses.Changes);

        node.Advance(TimeSpan.FromMilliseconds(500));
        var times = node.Public.Sent.Select(s => s.At.TotalMilliseconds).ToList();
        Assert.Equal(6, times.Count);
        Assert.All(times.Zip(times.Skip(1)), pair => Assert.Equal(100, pair.Second - pair.First, precision: 6));
        Assert.All(node.Public.Sent, s => Assert.Equal(VrrpConstants.MulticastGroup, s.Destination));
        Assert.All(node.Public.Priorities, p => Assert.Equal(150, p));
    }

    [Fact]
    public void Adverts_it_sends_pass_the_receive_filter_as_the_peer_sees_them()
    {
        using var node = new VrrpNodeHarness();
        node.StartAsMaster();
        var filter = new VrrpReceiveFilter(new VrrpReceiveFilterOptions { VirtualRouterIds = new HashSet<byte> { 51 } });
        var (_, destination, message) = node.Public.Sent[^1];
        var datagram = VrrpTestPackets.WrapInIpv4(message, IPAddress.Parse("203.0.113.1"), destination);

        Assert.Equal(VrrpRejectReason.None, filter.Check(datagram, out var advertisement));
        Assert.Equal([VrrpNodeHarness.PublicVip], advertisement!.Addresses);
    }

    [Fact]
    public void Stale_vips_are_removed_at_start_before_anything_is_sent()
    {
        using var node = new VrrpNodeHarness();
        node.Addresses.Seed("eth0", "203.0.113.1", 24);
        node.Addresses.Seed("eth0", "203.0.113.100", 32);

        // Only some of the VIPs: stale (all of them would be a restarted master resuming).
        node.Node.Start();

        Assert.Equal(["ip addr del 203.0.113.100/32 dev eth0"], node.Addresses.Changes);
        Assert.Equal(["203.0.113.1/24"], node.Addresses.AddressesOn("eth0"));
        Assert.Empty(node.Public.Sent);
        Assert.Contains(node.Logger.Entries, e => e.EventId == 5002);
    }

    [Fact]
    public void A_higher_priority_master_keeps_it_backup_and_its_vips_off()
    {
        using var node = new VrrpNodeHarness(priority: 100);
        node.Node.Start();
        for (var i = 0; i < 20; i++)
        {
            node.Receive(0, 150);
            node.Receive(1, 150);
            node.Advance(Advert);
        }

        Assert.All(node.States, s => Assert.Equal(VrrpState.Backup, s));
        Assert.Empty(node.Addresses.Changes);
        Assert.Empty(node.Public.Sent);
    }

    [Fact]
    public void Gratuitous_arp_rounds_follow_count_interval_and_refresh()
    {
        using var node = new VrrpNodeHarness(arp: new GratuitousArpOptions { Count = 3, Interval = TimeSpan.FromMilliseconds(200), Refresh = TimeSpan.FromSeconds(5) });
        node.Node.Start();
        node.Advance(TimeSpan.FromMilliseconds(342)); // master at 341.4 ms
        node.Advance(TimeSpan.FromSeconds(11));

        var publicTimes = node.Arp.Announcements.Where(a => a.Interface == "eth0").Select(a => Math.Round(a.At.TotalMilliseconds, 1)).ToList();
        Assert.Equal([341.4, 541.4, 741.4, 5741.4, 10741.4], publicTimes);
        Assert.All(node.Arp.Announcements.Where(a => a.Interface == "eth1"), a => Assert.Equal(VrrpNodeHarness.PrivateVip, a.Address));
    }

    [Fact]
    public void Own_link_down_is_a_group_fault_master_resigns_with_priority_0_and_removes_vips_then_recovers()
    {
        using var node = new VrrpNodeHarness();
        node.StartAsMaster();
        node.Addresses.Changes.Clear();

        node.Addresses.SetLink("eth0", up: false);
        node.Public.Failing = true;
        node.Advance(TimeSpan.FromMilliseconds(50)); // one track poll

        Assert.All(node.States, s => Assert.Equal(VrrpState.Fault, s));
        Assert.Equal(0, node.Private.Priorities.Last()); // the private link's backup takes over at Skew_Time
        var resigned = node.Private.Sent.Count;
        node.Advance(TimeSpan.FromMilliseconds(300));
        Assert.Equal(resigned, node.Private.Sent.Count); // silent while in Fault
        Assert.Equal(["ip addr del 203.0.113.100/24 dev eth0", "ip addr del 192.168.20.254/24 dev eth1"], node.Addresses.Changes);

        node.Addresses.SetLink("eth0", up: true);
        node.Public.Failing = false;
        node.Advance(TimeSpan.FromMilliseconds(50));
        Assert.All(node.States, s => Assert.Equal(VrrpState.Backup, s));
        node.Advance(TimeSpan.FromMilliseconds(400));
        Assert.All(node.States, s => Assert.Equal(VrrpState.Master, s));
    }

    [Fact]
    public void A_tracked_object_with_a_negative_weight_lowers_the_priority_and_the_master_says_so_at_once()
    {
        using var node = new VrrpNodeHarness(tracking: [new VrrpTrackedObject("service:web", -60)]);
        node.StartAsMaster();
        var sent = node.Public.Sent.Count;

        node.Node.SetTrackedState("service:web", up: false);

        Assert.Equal(90, node.Public.Priorities.Skip(sent).Single());
        Assert.All(node.Node.Instances, i => Assert.Equal(90, i.Priority));
        node.Node.SetTrackedState("service:web", up: true);
        Assert.All(node.Node.Instances, i => Assert.Equal(150, i.Priority));
    }

    [Fact]
    public void Stop_sends_priority_0_on_every_link_and_removes_the_vips()
    {
        using var node = new VrrpNodeHarness();
        node.StartAsMaster();
        node.Addresses.Changes.Clear();

        node.Node.Stop();

        Assert.Equal(0, node.Public.Priorities.Last());
        Assert.Equal(0, node.Private.Priorities.Last());
        Assert.Equal(["ip addr del 203.0.113.100/24 dev eth0", "ip addr del 192.168.20.254/24 dev eth1"], node.Addresses.Changes);
        Assert.All(node.States, s => Assert.Equal(VrrpState.Initialize, s));
        Assert.Null(node.Node.TimeToNextDeadline());
    }

    [Fact]
    public void A_late_wake_up_does_not_shift_later_adverts()
    {
        using var node = new VrrpNodeHarness();
        node.StartAsMaster();
        var last = node.Public.Sent[^1].At;
        var now = node.Time.GetUtcNow() - new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        node.Time.Advance(last + Advert + TimeSpan.FromMilliseconds(30) - now); // the thread woke 30 ms late
        node.Node.RunDueTimers();
        node.Advance(TimeSpan.FromMilliseconds(100));

        var times = node.Public.Sent.Select(s => s.At).Where(at => at > last).ToList();
        Assert.Equal([last + Advert + TimeSpan.FromMilliseconds(30), last + (2 * Advert)], times);
    }

    [Fact]
    public void Transitions_are_published_in_order_with_sequence_numbers()
    {
        using var node = new VrrpNodeHarness();
        node.StartAsMaster();
        node.Node.Stop();

        var transitions = node.DrainTransitions();
        Assert.Equal([1L, 2, 3, 4, 5, 6], transitions.Select(t => t.Sequence));
        Assert.Equal(
            ["public Backup", "private Backup", "public Master", "private Master", "public Initialize", "private Initialize"],
            transitions.Select(t => $"{t.Instance} {t.To}"));
        Assert.All(transitions, t => Assert.Equal("lab", t.Group));
    }

    [Fact]
    public void Unicast_adverts_go_to_the_peer_with_the_checksum_for_that_destination()
    {
        using var node = new VrrpNodeHarness(unicast: true);
        node.StartAsMaster();

        Assert.All(node.Public.Sent, s => Assert.Equal(VrrpNodeHarness.Peer, s.Destination));
        var filter = new VrrpReceiveFilter(new VrrpReceiveFilterOptions
        {
            VirtualRouterIds = new HashSet<byte> { 51 },
            UnicastPeers = new HashSet<IPAddress> { IPAddress.Parse("203.0.113.1") },
        });
        var datagram = VrrpTestPackets.WrapInIpv4(node.Public.Sent[^1].Message, IPAddress.Parse("203.0.113.1"), VrrpNodeHarness.Peer);
        Assert.Equal(VrrpRejectReason.None, filter.Check(datagram, out _));
    }

    [Fact]
    public void A_failing_send_is_counted_and_logged_once_per_run_of_failures()
    {
        using var node = new VrrpNodeHarness();
        node.StartAsMaster();
        node.Public.Failing = true;
        node.Advance(TimeSpan.FromMilliseconds(45)); // before the next track poll sees anything
        node.Advance(TimeSpan.FromMilliseconds(300));

        Assert.Single(node.Logger.Entries, e => e.EventId == 5003 && e.Message.Contains("sending an advert", StringComparison.Ordinal));
    }
}
