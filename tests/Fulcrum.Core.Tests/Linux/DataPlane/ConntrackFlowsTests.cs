using System.Net;
using System.Net.Sockets;
using Fulcrum.Core.Tests.Linux.Conntrack;
using Fulcrum.Linux.Conntrack;
using Fulcrum.Linux.DataPlane;

namespace Fulcrum.Core.Tests.Linux.DataPlane;

/// <summary>The engine's flow cutting is one kernel-side flush per removed server's mark, never a dump.</summary>
public sealed class ConntrackFlowsTests
{
    [Fact]
    public async Task Terminate_flushes_the_marks_in_one_call_and_leaves_other_marks()
    {
        var tracker = new RecordingConnectionTracker([Flow(40000, 7), Flow(40001, 7), Flow(40002, 9), Flow(40003, 8)]);
        var flows = new ConntrackFlows(tracker);

        await flows.TerminateAsync([7u, 9u], CancellationToken.None);

        var call = Assert.Single(tracker.Calls);
        Assert.Equal("FlushByMark", call.Method);
        Assert.Equal([7u, 9u], Assert.IsType<uint[]>(call.Argument));
        Assert.Equal([8u], tracker.Table.Select(e => e.Mark));
    }

    private static ConntrackEntry Flow(ushort port, uint mark) => new(
        port,
        new ConntrackTuple(ProtocolType.Tcp, IPAddress.Parse("10.1.0.2"), port, IPAddress.Parse("203.0.113.10"), 80),
        new ConntrackTuple(ProtocolType.Tcp, IPAddress.Parse("10.2.0.2"), 80, IPAddress.Parse("10.1.0.2"), port),
        ConntrackStatus.Confirmed | ConntrackStatus.Assured,
        mark,
        TimeSpan.FromMinutes(5),
        ConntrackTcpState.Established,
        null,
        null);
}
