using System.Net;
using System.Net.Sockets;
using Fulcrum.Core.Net;
using Fulcrum.Linux.Conntrack;

namespace Fulcrum.Core.Tests.Linux.Conntrack;

/// <summary>The recording fake behaves like the kernel-backed client for what the engine asserts on.</summary>
public sealed class RecordingConnectionTrackerTests
{
    private static readonly IPAddress Vip = IPAddress.Parse("203.0.113.10");

    [Fact]
    public void Records_calls_in_order_and_deletes_only_the_selected_servers_flows()
    {
        var a = IPAddress.Parse("10.2.0.2");
        var b = IPAddress.Parse("10.2.0.3");
        var tracker = new RecordingConnectionTracker([Flow(40000, a, 1), Flow(40001, a, 1), Flow(40002, b, 2)]);
        var selector = new ConntrackFlowSelector(L4Protocol.Tcp, Vip, PortRange.Of(80), a, 8080);

        var before = tracker.CountByMark();
        var deleted = tracker.DeleteFlowsTo(selector);
        var after = tracker.CountByMark();

        Assert.Equal(2, deleted);
        Assert.Equal(new ConnectionCounts(2, 0, 0, 0), before[1]);
        Assert.Equal([2u], after.Keys);
        Assert.Equal(
            [new("CountByMark", uint.MaxValue), new("DeleteFlowsTo", selector), new("CountByMark", uint.MaxValue)],
            tracker.Calls);
    }

    private static ConntrackEntry Flow(ushort port, IPAddress server, uint mark) => new(
        port,
        new ConntrackTuple(ProtocolType.Tcp, IPAddress.Parse("10.1.0.2"), port, Vip, 80),
        new ConntrackTuple(ProtocolType.Tcp, server, 8080, IPAddress.Parse("10.1.0.2"), port),
        ConntrackStatus.Confirmed | ConntrackStatus.Assured,
        mark,
        TimeSpan.FromMinutes(5),
        ConntrackTcpState.Established,
        null,
        null);
}
