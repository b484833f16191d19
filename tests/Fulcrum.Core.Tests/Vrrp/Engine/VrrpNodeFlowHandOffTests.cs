using Fulcrum.Core.Vrrp;

namespace Fulcrum.Core.Tests.Vrrp.Engine;

/// <summary>
/// The flow hand-off on a recording port and a fake clock: opened when the group takes over from a
/// peer known to be alive (priority 0, or preempted while advertising), on every link to that link's
/// advert source; closed when its time is over or when the node leaves Master; never opened after a
/// hard failure, at a first start, or when it is turned off.
/// </summary>
public sealed class VrrpNodeFlowHandOffTests
{
    private const string OpenBoth = "flow hand-off open for 10s eth0#2 -> 203.0.113.2, eth1#3 -> 192.168.20.2";
    private static readonly TimeSpan Advert = TimeSpan.FromMilliseconds(100);

    [Fact]
    public void A_master_that_resigns_with_priority_0_gets_the_flows_back_for_the_window_then_it_closes()
    {
        using var node = BackupOfAMaster(priority: 100);

        node.Receive(0, 0);
        node.Receive(1, 0);
        node.Advance(TimeSpan.FromMilliseconds(61)); // Skew_Time at priority 100
        Assert.All(node.States, s => Assert.Equal(VrrpState.Master, s));
        Assert.Equal([OpenBoth], node.FlowHandOff.Calls);
        Assert.True(node.Node.IsHandingOffFlows);
        Assert.Equal(1, node.Metrics.FlowHandOffsOpened);
        Assert.Contains(node.Logger.Entries, e => e.EventId == 5030 && e.Message.Contains("eth1 -> 192.168.20.2", StringComparison.Ordinal));

        node.Advance(VrrpNodeOptions.DefaultFlowHandOff - TimeSpan.FromMilliseconds(1));
        Assert.True(node.FlowHandOff.IsOpen);
        node.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal([OpenBoth, "flow hand-off close"], node.FlowHandOff.Calls);
        Assert.False(node.Node.IsHandingOffFlows);
        Assert.Contains(node.Logger.Entries, e => e.EventId == 5031 && e.Message.Contains("time is over", StringComparison.Ordinal));
        Assert.All(node.States, s => Assert.Equal(VrrpState.Master, s));
    }

    [Fact]
    public void Priority_0_on_one_link_is_enough_when_the_other_link_heard_the_peer_within_two_intervals()
    {
        // The public instance takes over after Skew_Time; the sync group moves the private one with it
        // before the private link's priority-0 advert has arrived.
        using var node = BackupOfAMaster(priority: 100);
        node.Receive(0, 0);
        node.Advance(TimeSpan.FromMilliseconds(61));
        Assert.All(node.States, s => Assert.Equal(VrrpState.Master, s));
        Assert.Equal([OpenBoth], node.FlowHandOff.Calls);
    }

    [Fact]
    public void A_master_that_died_gets_no_hand_off()
    {
        using var node = BackupOfAMaster(priority: 100);

        // No advert any more: Master_Down_Interval (3 × 100 ms + 61 ms) later the node takes over.
        node.Advance(TimeSpan.FromMilliseconds(400));
        Assert.All(node.States, s => Assert.Equal(VrrpState.Master, s));
        Assert.Empty(node.FlowHandOff.Calls);
        Assert.False(node.Node.IsHandingOffFlows);
        Assert.Equal(0, node.Metrics.FlowHandOffsOpened);
        Assert.Contains(node.Logger.Entries, e => e.EventId == 5032 && e.Message.Contains("eth0", StringComparison.Ordinal));
    }

    [Fact]
    public void Preempting_a_master_that_is_still_advertising_opens_the_hand_off()
    {
        using var node = new VrrpNodeHarness(priority: 150, preempt: true);
        node.Node.Start();
        for (var i = 0; i < 10 && node.States[0] != VrrpState.Master; i++)
        {
            node.Receive(0, 100); // lower priority: ignored by a preempting backup, but heard
            node.Receive(1, 100);
            node.Advance(Advert);
        }

        Assert.All(node.States, s => Assert.Equal(VrrpState.Master, s));
        Assert.Equal([OpenBoth], node.FlowHandOff.Calls);
    }

    [Fact]
    public void Leaving_master_during_the_window_closes_it_at_once()
    {
        using var node = BackupOfAMaster(priority: 100);
        node.Receive(0, 0);
        node.Receive(1, 0);
        node.Advance(TimeSpan.FromMilliseconds(61));
        Assert.True(node.FlowHandOff.IsOpen);

        node.Advance(TimeSpan.FromSeconds(1));
        node.Receive(0, 200); // the old master is back and preempts
        Assert.Equal(VrrpState.Backup, node.States[0]);
        Assert.Equal([OpenBoth, "flow hand-off close"], node.FlowHandOff.Calls);
        Assert.Contains(node.Logger.Entries, e => e.EventId == 5031 && e.Message.Contains("left master", StringComparison.Ordinal));

        node.Advance(TimeSpan.FromSeconds(10)); // the old deadline does not fire again
        Assert.Equal(2, node.FlowHandOff.Calls.Count);
    }

    [Fact]
    public void A_first_start_with_no_peer_opens_nothing_and_logs_nothing_about_it()
    {
        using var node = new VrrpNodeHarness(priority: 100);
        node.StartAsMaster();
        Assert.Empty(node.FlowHandOff.Calls);
        Assert.DoesNotContain(node.Logger.Entries, e => e.EventId is 5030 or 5032);
    }

    [Fact]
    public void A_window_of_zero_turns_it_off()
    {
        using var node = BackupOfAMaster(priority: 100, flowHandOff: TimeSpan.Zero);
        node.Receive(0, 0);
        node.Receive(1, 0);
        node.Advance(TimeSpan.FromMilliseconds(61));
        Assert.All(node.States, s => Assert.Equal(VrrpState.Master, s));
        Assert.Empty(node.FlowHandOff.Calls);
    }

    // A started node in Backup that has followed a priority-200 master's adverts on both links for a second.
    private static VrrpNodeHarness BackupOfAMaster(byte priority, TimeSpan? flowHandOff = null)
    {
        var node = new VrrpNodeHarness(priority: priority, preempt: false, flowHandOff: flowHandOff);
        node.Node.Start();
        for (var i = 0; i < 10; i++)
        {
            node.Receive(0, 200);
            node.Receive(1, 200);
            node.Advance(Advert);
        }

        Assert.All(node.States, s => Assert.Equal(VrrpState.Backup, s));
        return node;
    }
}
