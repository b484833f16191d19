using Fulcrum.Core.Vrrp;

namespace Fulcrum.Core.Tests.Vrrp.Engine;

/// <summary>
/// A master restarted (kill -9) with its VIPs still in place resumes without giving them up when no
/// other master speaks within one advert interval and a quarter, and yields them when one does.
/// </summary>
public sealed class VrrpNodeResumeTests
{
    private static readonly TimeSpan Advert = TimeSpan.FromMilliseconds(100);

    private static VrrpNodeHarness Restarted(byte priority = 150)
    {
        var node = new VrrpNodeHarness(priority: priority);
        node.Addresses.Seed("eth0", "203.0.113.1", 24);
        node.Addresses.Seed("eth0", "203.0.113.100", 24);
        node.Addresses.Seed("eth1", "192.168.20.254", 24);
        return node;
    }

    [Fact]
    public void With_every_vip_in_place_and_no_master_heard_it_is_master_again_after_the_resume_window_without_deleting_a_vip()
    {
        using var node = Restarted();
        node.Node.Start();
        Assert.True(node.Node.IsResuming);
        Assert.Empty(node.Addresses.Changes);
        Assert.All(node.States, s => Assert.Equal(VrrpState.Backup, s));

        // Resume window: 1.25 × 100 ms = 125 ms (not the 341 ms Master_Down_Interval).
        node.Advance(TimeSpan.FromMilliseconds(124));
        Assert.All(node.States, s => Assert.Equal(VrrpState.Backup, s));
        node.Advance(TimeSpan.FromMilliseconds(1));
        Assert.All(node.States, s => Assert.Equal(VrrpState.Master, s));
        Assert.False(node.Node.IsResuming);

        // Adding an address that is there is a no-op; nothing was ever deleted.
        Assert.DoesNotContain(node.Addresses.Changes, c => c.StartsWith("ip addr del", StringComparison.Ordinal));
        Assert.Contains("203.0.113.100/24", node.Addresses.AddressesOn("eth0"));
        Assert.Equal(["192.168.20.254/24"], node.Addresses.AddressesOn("eth1"));
        Assert.All(node.Public.Priorities, p => Assert.Equal(150, p));
        Assert.NotEmpty(node.Public.Sent);
    }

    [Fact]
    public void With_every_vip_in_place_and_a_master_heard_it_removes_the_kept_vips_and_stays_backup()
    {
        using var node = Restarted(priority: 100);
        node.Node.Start();
        node.Advance(TimeSpan.FromMilliseconds(50));
        node.Receive(0, 150);

        Assert.False(node.Node.IsResuming);
        Assert.Equal(
            ["ip addr del 203.0.113.100/24 dev eth0", "ip addr del 192.168.20.254/24 dev eth1"],
            node.Addresses.Changes);
        Assert.Equal(["203.0.113.1/24"], node.Addresses.AddressesOn("eth0"));

        for (var i = 0; i < 20; i++)
        {
            node.Receive(0, 150);
            node.Receive(1, 150);
            node.Advance(Advert);
        }

        Assert.All(node.States, s => Assert.Equal(VrrpState.Backup, s));
        Assert.Empty(node.Public.Sent);
        Assert.Contains(node.Logger.Entries, e => e.EventId == 5021);
    }

    [Fact]
    public void Down_for_less_than_three_advert_intervals_it_resumes_at_once()
    {
        using var node = Restarted();
        node.Node.PreviousRunAliveAt = node.Time.GetUtcNow() - TimeSpan.FromMilliseconds(250);
        node.Node.Start();
        node.Advance(TimeSpan.Zero);
        node.Node.RunDueTimers();

        Assert.All(node.States, s => Assert.Equal(VrrpState.Master, s));
        Assert.DoesNotContain(node.Addresses.Changes, c => c.StartsWith("ip addr del", StringComparison.Ordinal));
        Assert.Contains(node.Logger.Entries, e => e.EventId == 5025 && e.Message.Contains("resuming at once", StringComparison.Ordinal));
        Assert.DoesNotContain(node.Logger.Entries, e => e.EventId == 5020);
    }

    [Fact]
    public void Down_for_three_advert_intervals_or_more_it_listens_first()
    {
        using var node = Restarted();
        node.Node.PreviousRunAliveAt = node.Time.GetUtcNow() - TimeSpan.FromMilliseconds(300);
        node.Node.Start();
        node.Advance(TimeSpan.FromMilliseconds(124));
        Assert.All(node.States, s => Assert.Equal(VrrpState.Backup, s));
        node.Advance(TimeSpan.FromMilliseconds(1));
        Assert.All(node.States, s => Assert.Equal(VrrpState.Master, s));
        Assert.Contains(node.Logger.Entries, e => e.EventId == 5020 && e.Message.Contains("listening 00:00:00.1250000", StringComparison.Ordinal));
        Assert.DoesNotContain(node.Logger.Entries, e => e.EventId == 5025);
    }

    [Fact]
    public void A_priority_zero_advert_during_the_resume_window_is_not_a_master()
    {
        using var node = Restarted();
        node.Node.Start();
        node.Receive(0, 0);
        node.Advance(TimeSpan.FromMilliseconds(200));

        Assert.All(node.States, s => Assert.Equal(VrrpState.Master, s));
        Assert.DoesNotContain(node.Addresses.Changes, c => c.StartsWith("ip addr del", StringComparison.Ordinal));
    }
}
