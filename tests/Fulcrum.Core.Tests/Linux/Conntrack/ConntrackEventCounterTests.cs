using System.Net;
using System.Net.Sockets;
using Fulcrum.Linux.Conntrack;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Core.Tests.Linux.Conntrack;

/// <summary>The event counter stepped one datagram at a time over fake kernels (no thread, no sleeps).</summary>
public sealed class ConntrackEventCounterTests
{
    private const uint Port = 77;
    private const ushort New = 0x0100;
    private const ushort Destroy = 0x0102;
    private static readonly IPAddress Vip = IPAddress.Parse("203.0.113.10");

    [Fact]
    public void New_update_and_destroy_events_move_flows_between_groups_and_states()
    {
        var (counter, events, _) = Create([]);
        using var _counter = counter;
        var a = Flow(1, 40000, mark: 1, ConntrackTcpState.SynReceived);
        var b = Flow(2, 40001, mark: 2, ConntrackTcpState.Established);

        events.Enqueue(Events((New, a), (New, b)));
        Assert.True(counter.Pump());
        Assert.Equal(new ConnectionCounts(0, 1, 0, 0), counter.Snapshot()[1]);

        // An UPDATE with the new TCP state, then one without protoinfo (a mark-only change keeps the state).
        events.Enqueue(Events((New, a with { TcpState = ConntrackTcpState.Established })));
        events.Enqueue(Events((New, a with { TcpState = null, Mark = 2 })));
        counter.Pump();
        counter.Pump();
        Assert.Equal([2u], counter.Snapshot().Keys);
        Assert.Equal(new ConnectionCounts(2, 0, 0, 0), counter.Snapshot()[2]);

        events.Enqueue(Events((Destroy, b), (Destroy, b)));
        counter.Pump();
        Assert.Equal(new ConnectionCounts(1, 0, 0, 0), counter.Snapshot()[2]);
        Assert.Equal(6, counter.EventsApplied);
        Assert.False(counter.Pump());
    }

    [Fact]
    public void Same_id_on_another_tuple_is_another_flow()
    {
        var (counter, events, _) = Create([]);
        using var _counter = counter;

        events.Enqueue(Events((New, Flow(7, 40000, mark: 1, ConntrackTcpState.Established)), (New, Flow(7, 40001, mark: 1, ConntrackTcpState.Established))));
        counter.Pump();

        Assert.Equal(2, counter.Snapshot()[1].Total);
    }

    [Fact]
    public void ENOBUFS_is_answered_with_a_dump_that_replaces_the_counts()
    {
        var table = new List<ConntrackEntry> { Flow(1, 40000, mark: 1, ConntrackTcpState.Established) };
        var (counter, events, dumper) = Create(table);
        using var _counter = counter;
        counter.Resync();
        events.Enqueue(Events((New, Flow(2, 40001, mark: 1, ConntrackTcpState.Established))));
        counter.Pump();
        Assert.Equal(2, counter.Snapshot()[1].Total);

        // Events were lost; the kernel's table now holds three other flows.
        table.Clear();
        table.AddRange([Flow(3, 40002, mark: 3, ConntrackTcpState.Established), Flow(4, 40003, mark: 3, ConntrackTcpState.TimeWait), Flow(5, 40004, mark: 0, ConntrackTcpState.Established)]);
        events.EnqueueFailure(NetlinkException.FromErrno("recvfrom", 105));
        Assert.True(counter.Pump());

        Assert.Equal(2, counter.Resyncs);
        Assert.Equal([3u], counter.Snapshot().Keys);
        Assert.Equal(new ConnectionCounts(1, 1, 0, 0), counter.Snapshot()[3]);
        Assert.Equal(2, dumper.Sent.Count);
    }

    [Fact]
    public void Notifications_not_sent_by_the_kernel_are_ignored()
    {
        var (counter, events, _) = Create([]);
        using var _counter = counter;

        events.Enqueue(Events((New, Flow(1, 40000, mark: 1, ConntrackTcpState.Established))), sender: 31337);
        counter.Pump();

        Assert.Empty(counter.Snapshot());
    }

    private static (ConntrackEventCounter Counter, FakeNetlinkKernel Events, FakeNetlinkKernel Dumper) Create(List<ConntrackEntry> table)
    {
        var events = new FakeNetlinkKernel(Port);
        var dumper = new FakeNetlinkKernel(Port + 1)
        {
            OnSend = (k, r) => k.Enqueue(ConntrackReplies.Dump(FakeNetlinkKernel.MessagesOf(r)[0].Sequence, Port + 1, table.Select(ConntrackReplies.Entry).ToList())),
        };
        var counter = new ConntrackEventCounter(new NetlinkClient(events), new ConntrackClient(new NetlinkClient(dumper)), uint.MaxValue);
        return (counter, events, dumper);
    }

    // Notifications: seq 0, addressed to port 0 (multicast), as ctnetlink_conntrack_event sends them.
    private static byte[] Events(params (ushort Type, ConntrackEntry Entry)[] events)
    {
        var writer = new NetlinkMessageWriter();
        foreach (var (type, entry) in events)
        {
            writer.BeginMessage(type, type == New ? NetlinkMessageFlags.Create | NetlinkMessageFlags.Exclusive : NetlinkMessageFlags.None, 0, 0);
            writer.WriteBytes(ConntrackReplies.Entry(entry));
            writer.EndMessage();
        }

        return writer.WrittenSpan.ToArray();
    }

    private static ConntrackEntry Flow(uint id, ushort port, uint mark, ConntrackTcpState? state) => new(
        id,
        new ConntrackTuple(ProtocolType.Tcp, IPAddress.Parse("10.1.0.2"), port, Vip, 80),
        new ConntrackTuple(ProtocolType.Tcp, IPAddress.Parse("10.2.0.2"), 8080, IPAddress.Parse("10.1.0.2"), port),
        ConntrackStatus.Confirmed | ConntrackStatus.Assured,
        mark,
        TimeSpan.FromMinutes(5),
        state,
        null,
        null);
}
