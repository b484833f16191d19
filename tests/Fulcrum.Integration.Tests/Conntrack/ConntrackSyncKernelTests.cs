using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Fulcrum.Integration.Tests.Lab;
using Fulcrum.Integration.Tests.Netlink;
using Fulcrum.Linux.Conntrack;

namespace Fulcrum.Integration.Tests.Conntrack;

/// <summary>
/// What connection sync asks of the kernel, in a fresh namespace: an entry created from the sender's
/// view of a balanced flow (original tuple, DNAT target, mark, state) reads back as the same DNATed
/// flow; a second create of the tuple is EEXIST and leaves it alone; delete by tuple removes it; and
/// the events an insert causes name the inserting socket, which is how a receiver keeps from sending
/// its peer's flows back.
/// </summary>
public sealed class ConntrackSyncKernelTests
{
    private static readonly IPAddress Client = IPAddress.Parse("10.1.0.2");
    private static readonly IPAddress Vip = IPAddress.Parse("203.0.113.10");
    private static readonly IPAddress Server = IPAddress.Parse("10.2.0.2");

    [ConntrackPrivilegedFact]
    public void Insert_creates_the_senders_dnat_entry_with_its_mark_state_and_a_reply_from_the_server()
    {
        using var ns = new TestNamespace("ftcs");
        using var client = ConntrackClient.Open(ns.Name);

        var result = client.Insert([SenderEntry(40000, mark: 5)]);

        Assert.Equal((1, 0, 0), (result.Inserted, result.Existing, result.Failed));
        var entry = Assert.Single(client.List());
        Assert.Equal(new ConntrackTuple(ProtocolType.Tcp, Client, 40000, Vip, 80), entry.Original);
        Assert.Equal(new ConntrackTuple(ProtocolType.Tcp, Server, 8080, Client, 40000), entry.Reply);
        Assert.True(entry.IsDestinationNat);
        Assert.Equal(5u, entry.Mark);
        Assert.Equal(ConntrackTcpState.Established, entry.TcpState);
        Assert.True(entry.Status.HasFlag(ConntrackStatus.DestinationNat | ConntrackStatus.Assured | ConntrackStatus.SeenReply | ConntrackStatus.Confirmed), entry.Status.ToString());
        Assert.InRange(entry.Timeout!.Value, TimeSpan.FromSeconds(580), TimeSpan.FromSeconds(600));

        // conntrack -L agrees: the reply comes from the real server, the flow is DNATed.
        var listed = ns.Exec("conntrack", "-L", "-p", "tcp", "--dst-nat");
        Assert.Contains("src=10.1.0.2 dst=203.0.113.10 sport=40000 dport=80 src=10.2.0.2 dst=10.1.0.2 sport=8080 dport=40000", listed, StringComparison.Ordinal);
        Assert.Contains("mark=5", listed, StringComparison.Ordinal);
    }

    [ConntrackPrivilegedFact]
    public void A_second_insert_of_the_tuple_is_existing_and_delete_by_tuple_removes_it_once()
    {
        using var ns = new TestNamespace("ftcs");
        using var client = ConntrackClient.Open(ns.Name);
        client.Insert([SenderEntry(40001, mark: 5), SenderEntry(40002, mark: 6)]);

        var again = client.Insert([SenderEntry(40001, mark: 9)]);
        var kept = Assert.Single(client.List(), e => e.Original.SourcePort == 40001);
        var deleted = client.DeleteByTuple([SenderEntry(40001, 5).Original]);
        var deletedAgain = client.DeleteByTuple([SenderEntry(40001, 5).Original]);

        Assert.Equal((0, 1, 0), (again.Inserted, again.Existing, again.Failed));
        Assert.Equal(5u, kept.Mark);
        Assert.Equal((1, 1, 0), (deleted.Matched, deleted.Deleted, deleted.Vanished));
        Assert.Equal((1, 0, 1), (deletedAgain.Matched, deletedAgain.Deleted, deletedAgain.Vanished));
        Assert.Equal(40002, Assert.Single(client.List()).Original.SourcePort);
    }

    [ConntrackPrivilegedFact]
    public async Task Events_of_an_insert_and_a_delete_name_the_socket_that_made_them()
    {
        using var ns = new TestNamespace("ftcs");
        using var client = ConntrackClient.Open(ns.Name);
        var events = new ConcurrentQueue<ConntrackEvent>();
        using var feed = ConntrackEventFeed.Start(ns.Name, uint.MaxValue, ProtocolType.Tcp, events.Enqueue, () => { }, _ => { });

        client.Insert([SenderEntry(40003, mark: 7), SenderEntry(40004, mark: 0)]);
        client.DeleteByTuple([SenderEntry(40003, 7).Original]);

        Assert.True(await Eventually.TrueAsync(() => events.Any(e => e.Kind == ConntrackEventKind.Destroyed)), "no DESTROY event");
        var seen = events.ToList();
        Assert.All(seen, e => Assert.Equal(client.PortId, e.CausedBy));
        Assert.All(seen, e => Assert.Equal(40003, e.Entry.Original.SourcePort)); // mark 0: not delivered
        var created = Assert.Single(seen, e => e.Kind == ConntrackEventKind.Changed);
        Assert.Equal(ConntrackTcpState.Established, created.Entry.TcpState);
        Assert.True(created.Entry.IsDestinationNat);
        Assert.True(Assert.Single(seen, e => e.Kind == ConntrackEventKind.Destroyed).Entry.IsDestinationNat);
    }

    /// <summary>A flow client:port → VIP:80 DNATed to server:8080, as the sending node's conntrack holds it.</summary>
    private static ConntrackEntry SenderEntry(ushort clientPort, uint mark) => new(
        1234,
        new ConntrackTuple(ProtocolType.Tcp, Client, clientPort, Vip, 80),
        new ConntrackTuple(ProtocolType.Tcp, Server, 8080, Client, clientPort),
        ConntrackStatus.SeenReply | ConntrackStatus.Assured | ConntrackStatus.Confirmed | ConntrackStatus.DestinationNat,
        mark,
        TimeSpan.FromSeconds(600),
        ConntrackTcpState.Established,
        null,
        null);
}
