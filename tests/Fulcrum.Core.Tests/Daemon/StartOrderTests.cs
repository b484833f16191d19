using Fulcrum.Core.Tests.Vrrp.Engine;
using Fulcrum.Core.Vrrp;
using Fulcrum.Daemon.Hosting;

namespace Fulcrum.Core.Tests.Daemon;

/// <summary>
/// The daemon starts VRRP first only on a restart that finds the node still in service: every VIP on
/// its interface and the data-plane table in the kernel; anything else (or anything unreadable) keeps
/// the fresh start's order, VRRP last.
/// </summary>
public sealed class StartOrderTests
{
    [Fact]
    public void Every_vip_and_the_data_plane_in_place_start_vrrp_first()
    {
        using var node = Restarted();
        var asked = 0;

        var order = StartOrder.Decide(node.Options, node.Addresses, () => ++asked > 0);

        Assert.True(order.VrrpFirst);
        Assert.Equal(1, asked);
        Assert.Contains("still in place", order.Reason, StringComparison.Ordinal);
        Assert.Empty(node.Addresses.Changes); // only read
    }

    [Fact]
    public void A_fresh_start_with_no_vip_in_place_starts_vrrp_last_without_reading_the_data_plane()
    {
        using var node = new VrrpNodeHarness();
        var asked = 0;

        var order = StartOrder.Decide(node.Options, node.Addresses, () => ++asked > 0);

        Assert.False(order.VrrpFirst);
        Assert.Equal(0, asked);
        Assert.Contains("not every virtual address", order.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_some_vips_in_place_start_vrrp_last()
    {
        using var node = new VrrpNodeHarness();
        node.Addresses.Seed("eth0", "203.0.113.100", 24); // the private VIP is missing

        Assert.False(StartOrder.Decide(node.Options, node.Addresses, () => true).VrrpFirst);
        Assert.False(VrrpNode.HoldsEveryAddress(node.Options, node.Addresses));
    }

    [Fact]
    public void Vips_in_place_without_the_data_plane_table_start_vrrp_last()
    {
        using var node = Restarted();

        var order = StartOrder.Decide(node.Options, node.Addresses, () => false);

        Assert.False(order.VrrpFirst);
        Assert.Contains("data-plane table is not in the kernel", order.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_data_plane_that_cannot_be_read_starts_vrrp_last()
    {
        using var node = Restarted();

        var order = StartOrder.Decide(node.Options, node.Addresses, () => throw new InvalidOperationException("EPERM"));

        Assert.False(order.VrrpFirst);
        Assert.Contains("EPERM", order.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_interface_that_cannot_be_read_starts_vrrp_last()
    {
        using var node = Restarted();
        var options = node.Options with { Members = [node.Options.Members[0], node.Options.Members[1] with { Interface = "eth9" }] };

        Assert.False(StartOrder.Decide(options, node.Addresses, () => true).VrrpFirst);
    }

    private static VrrpNodeHarness Restarted()
    {
        var node = new VrrpNodeHarness();
        node.Addresses.Seed("eth0", "203.0.113.1", 24);
        node.Addresses.Seed("eth0", "203.0.113.100", 24);
        node.Addresses.Seed("eth1", "192.168.20.254", 24);
        return node;
    }
}
