using System.Net;
using System.Net.Sockets;
using Fulcrum.Core.Net;
using Fulcrum.Linux.Conntrack;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Core.Tests.Linux.Conntrack;

/// <summary>ConntrackClient against the fake kernel: golden request bytes, captured and constructed replies, batched deletes.</summary>
public sealed class ConntrackClientTests
{
    private const uint Port = 4242;
    private static readonly IPAddress Client = IPAddress.Parse("10.1.0.2");
    private static readonly IPAddress Vip = IPAddress.Parse("203.0.113.10");
    private static readonly IPAddress ServerA = IPAddress.Parse("10.2.0.2");
    private static readonly IPAddress ServerB = IPAddress.Parse("10.2.0.3");

    [Fact]
    public void Unfiltered_dump_request_is_the_one_conntrack_L_sends()
    {
        var kernel = DumpKernel([]);
        using var client = new ConntrackClient(new NetlinkClient(kernel));

        client.List();

        // strace of conntrack -L (seq 1 here): IPCTNL_MSG_CT_GET, NLM_F_REQUEST|NLM_F_DUMP, AF_UNSPEC.
        Assert.Equal(Hex.Of(Hex.Parse("""
            14000000 0101 0103 01000000 00000000  nlmsghdr: len 20, CTNETLINK<<8|IPCTNL_MSG_CT_GET, REQUEST|DUMP, seq 1, pid 0
            00 00 0000                            nfgenmsg: AF_UNSPEC, v0, res_id 0
            """)), Hex.Of(Assert.Single(kernel.Sent)));
    }

    [Fact]
    public void Flow_selector_dump_request_asks_the_kernel_to_filter_by_vip_port_and_real_server()
    {
        var kernel = DumpKernel([]);
        using var client = new ConntrackClient(new NetlinkClient(kernel));

        client.List(new ConntrackFlowSelector(L4Protocol.Tcp, Vip, PortRange.Of(80), ServerA, 8080).ToFilter());

        Assert.Equal(Hex.Of(Hex.Parse("""
            70000000 0101 0103 01000000 00000000  nlmsghdr: len 112, IPCTNL_MSG_CT_GET, REQUEST|DUMP
            02 00 0000                            nfgenmsg: AF_INET
            24000180                              CTA_TUPLE_ORIG (nested)
              0c000180                              CTA_TUPLE_IP
                08000200 cb00710a                     CTA_IP_V4_DST 203.0.113.10
              14000280                              CTA_TUPLE_PROTO
                05000100 06000000                     CTA_PROTO_NUM tcp
                06000300 00500000                     CTA_PROTO_DST_PORT 80 (be16)
            24000280                              CTA_TUPLE_REPLY (nested)
              0c000180
                08000100 0a020002                     CTA_IP_V4_SRC 10.2.0.2
              14000280
                05000100 06000000                     CTA_PROTO_NUM tcp
                06000200 1f900000                     CTA_PROTO_SRC_PORT 8080
            14001980                              CTA_FILTER (nested)
              08000100 2a000000                     CTA_FILTER_ORIG_FLAGS  IP_DST|PROTO_NUM|PROTO_DST_PORT (host u32)
              08000200 19000000                     CTA_FILTER_REPLY_FLAGS IP_SRC|PROTO_NUM|PROTO_SRC_PORT
            """)), Hex.Of(Assert.Single(kernel.Sent)));
    }

    [Fact]
    public void Mark_filter_is_sent_as_CTA_MARK_and_CTA_MARK_MASK()
    {
        var kernel = DumpKernel([]);
        using var client = new ConntrackClient(new NetlinkClient(kernel));

        client.List(new ConntrackFilter { Mark = 0x100, MarkMask = 0xff00 });

        Assert.Equal(Hex.Of(Hex.Parse("""
            24000000 0101 0103 01000000 00000000
            00 00 0000                            nfgenmsg: AF_UNSPEC (a mark filter needs no family)
            08000800 00000100                     CTA_MARK 0x100 (be32)
            08001500 0000ff00                     CTA_MARK_MASK 0xff00
            """)), Hex.Of(Assert.Single(kernel.Sent)));
    }

    [Fact]
    public void Captured_dump_reply_parses_into_the_entry_conntrack_L_printed()
    {
        var kernel = DumpKernel([Hex.Parse(ConntrackReplies.CapturedEntryPayload)]);
        using var client = new ConntrackClient(new NetlinkClient(kernel));

        var entry = Assert.Single(client.List());

        Assert.Equal(new ConntrackTuple(ProtocolType.Tcp, Client, 40000, Vip, 80), entry.Original);
        Assert.Equal(new ConntrackTuple(ProtocolType.Tcp, ServerA, 8080, Client, 40000), entry.Reply);
        Assert.Equal(ConntrackStatus.SeenReply | ConntrackStatus.Assured | ConntrackStatus.Confirmed, entry.Status);
        Assert.Equal(7u, entry.Mark);
        Assert.Equal(0xa7a5d635u, entry.Id);
        Assert.Equal(TimeSpan.FromSeconds(299), entry.Timeout);
        Assert.Equal(ConntrackTcpState.Established, entry.TcpState);
        Assert.Equal(new ConntrackCounters(0, 0), entry.OriginalCounters);
        Assert.Equal(new ConntrackCounters(0, 0), entry.Counters);
        Assert.True(entry.IsActive);
        Assert.Equal("tcp 10.1.0.2:40000 -> 203.0.113.10:80", entry.Original.ToString());
    }

    [Fact]
    public void Delete_request_names_the_entry_by_original_tuple_and_id()
    {
        var kernel = new FakeNetlinkKernel(Port) { OnSend = (k, r) => k.Enqueue(FakeNetlinkKernel.AckAll(r, Port)) };
        using var client = new ConntrackClient(new NetlinkClient(kernel));
        var entry = Flow(40000, ServerA, mark: 7) with { Id = 0xa7a5d635 };

        Assert.True(client.Delete(entry));

        Assert.Equal(Hex.Of(Hex.Parse("""
            50000000 0201 0500 01000000 00000000  nlmsghdr: len 80, IPCTNL_MSG_CT_DELETE, REQUEST|ACK
            02 00 0000                            nfgenmsg: AF_INET
            34000180                              CTA_TUPLE_ORIG: the same bytes the kernel dumped
              14000180
                08000100 0a010002                     CTA_IP_V4_SRC 10.1.0.2
                08000200 cb00710a                     CTA_IP_V4_DST 203.0.113.10
              1c000280
                05000100 06000000                     CTA_PROTO_NUM 6
                06000200 9c400000                     CTA_PROTO_SRC_PORT 40000
                06000300 00500000                     CTA_PROTO_DST_PORT 80
            08000c00 a7a5d635                     CTA_ID
            """)), Hex.Of(Assert.Single(kernel.Sent)));
    }

    [Fact]
    public void DeleteFlows_sends_batches_counts_vanished_entries_and_keeps_other_servers_flows()
    {
        var table = Enumerable.Range(0, 5).Select(i => Flow((ushort)(40000 + i), ServerA, mark: 1) with { Id = (uint)(100 + i) })
            .Concat(Enumerable.Range(0, 3).Select(i => Flow((ushort)(41000 + i), ServerB, mark: 2) with { Id = (uint)(200 + i) }))
            .ToList();
        var kernel = new FakeNetlinkKernel(Port)
        {
            OnSend = (k, request) =>
            {
                var messages = FakeNetlinkKernel.MessagesOf(request);
                if (messages[0].Type == 0x0101)
                {
                    k.Enqueue(ConntrackReplies.Dump(messages[0].Sequence, Port, table.Select(ConntrackReplies.Entry)));
                    return;
                }

                // The entry with id 103 closed between the dump and the delete.
                var writer = new NetlinkMessageWriter();
                foreach (var (sequence, _, _) in messages)
                {
                    var vanished = sequence == messages[0].Sequence + 1 && k.Sent.Count == 3;
                    FakeNetlinkKernel.WriteError(writer, sequence, Port, vanished ? 2 : 0);
                }

                k.Enqueue(writer.WrittenSpan.ToArray());
            },
        };
        using var client = new ConntrackClient(new NetlinkClient(kernel), deleteBatchSize: 2);

        var deleted = client.DeleteFlowsTo(new ConntrackFlowSelector(L4Protocol.Tcp, Vip, new PortRange(80, 80), ServerA));

        Assert.Equal(4, deleted);
        var deletes = kernel.Sent.Skip(1).Select(FakeNetlinkKernel.MessagesOf).ToList();
        Assert.Equal([2, 2, 1], deletes.Select(d => d.Count));
        Assert.All(deletes.SelectMany(d => d), m => Assert.Equal((0x0102, 0x05), (m.Type, m.Flags)));
    }

    [Fact]
    public void Delete_refused_for_another_reason_than_ENOENT_throws_with_the_entry_named()
    {
        var kernel = new FakeNetlinkKernel(Port)
        {
            OnSend = (k, r) => k.Enqueue(FakeNetlinkKernel.Error(FakeNetlinkKernel.MessagesOf(r)[0].Sequence, Port, 1)),
        };
        using var client = new ConntrackClient(new NetlinkClient(kernel));

        var error = Assert.Throws<NetlinkException>(() => client.Delete(Flow(40000, ServerA, mark: 1) with { Id = 9 }));

        Assert.Equal("EPERM", error.ErrnoName);
        Assert.Contains("IPCTNL_MSG_CT_DELETE (tcp 10.1.0.2:40000 -> 203.0.113.10:80, id 9)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CountByMark_sums_per_masked_mark_splits_active_and_adds_counters()
    {
        var kernel = DumpKernel([
            ConntrackReplies.Entry(Flow(40000, ServerA, mark: 0x101) with { OriginalCounters = new(3, 180), ReplyCounters = new(2, 1200) }),
            ConntrackReplies.Entry(Flow(40001, ServerA, mark: 0x101) with { TcpState = ConntrackTcpState.TimeWait, OriginalCounters = new(5, 300), ReplyCounters = new(4, 900) }),
            ConntrackReplies.Entry(Flow(40002, ServerB, mark: 0x202)),
            ConntrackReplies.Entry(Flow(40003, ServerB, mark: 0)),
            ConntrackReplies.Entry(Flow(40004, ServerB, mark: 0x200) with { Original = new ConntrackTuple(ProtocolType.Udp, Client, 5353, Vip, 53), TcpState = null, Status = ConntrackStatus.Assured }),
        ]);
        using var client = new ConntrackClient(new NetlinkClient(kernel));

        var counts = client.CountByMark(0xff);

        Assert.Equal([0x01u, 0x02u], counts.Keys.Order());
        Assert.Equal(new ConnectionCounts(1, 1, 14, 2580), counts[0x01]);
        Assert.Equal(new ConnectionCounts(1, 0, 0, 0), counts[0x02]);
    }

    [Fact]
    public void Filters_that_the_kernel_cannot_express_are_refused_before_anything_is_sent()
    {
        var kernel = DumpKernel([]);
        using var client = new ConntrackClient(new NetlinkClient(kernel));

        Assert.Throws<ArgumentException>(() => client.List(new ConntrackFilter { OriginalDestination = Vip, ReplySource = IPAddress.IPv6Loopback }));
        Assert.Throws<ArgumentException>(() => client.List(new ConntrackFilter { OriginalDestinationPort = 80 }));
        Assert.Throws<ArgumentException>(() => client.List(new ConntrackFilter { Protocol = ProtocolType.Icmp, ReplySourcePort = 1 }));
        Assert.Empty(kernel.Sent);
    }

    [Fact]
    public void Selector_matches_the_port_range_in_process_where_the_kernel_filter_cannot()
    {
        var selector = new ConntrackFlowSelector(L4Protocol.Tcp, Vip, new PortRange(8000, 8010), ServerA);
        var inRange = Flow(40000, ServerA, mark: 1) with { Original = new ConntrackTuple(ProtocolType.Tcp, Client, 40000, Vip, 8010) };
        var outOfRange = inRange with { Original = inRange.Original with { DestinationPort = 8011 } };

        Assert.True(selector.Matches(inRange));
        Assert.False(selector.Matches(outOfRange));
        Assert.False(selector.Matches(Flow(40000, ServerB, mark: 1) with { Original = inRange.Original }));
        Assert.Null(selector.ToFilter().OriginalDestinationPort);
        Assert.Equal("tcp 203.0.113.10:8000-8010 -> 10.2.0.2:*", selector.ToString());
    }

    [Fact]
    public void Icmp_tuples_carry_id_type_and_code_where_ports_would_be()
    {
        var ping = new ConntrackEntry(
            5,
            new ConntrackTuple(ProtocolType.Icmp, Client, 0x1234, Vip, 0x0800),
            new ConntrackTuple(ProtocolType.Icmp, Vip, 0x1234, Client, 0x0000),
            ConntrackStatus.Confirmed,
            0,
            TimeSpan.FromSeconds(30),
            null,
            null,
            null);
        var kernel = DumpKernel([ConntrackReplies.Entry(ping)]);
        using var client = new ConntrackClient(new NetlinkClient(kernel));

        Assert.Equal(ping, Assert.Single(client.List()));
        Assert.Equal("icmp 10.1.0.2 -> 203.0.113.10", ping.Original.ToString());
    }

    private static FakeNetlinkKernel DumpKernel(IReadOnlyList<byte[]> payloads) => new(Port)
    {
        OnSend = (k, r) => k.Enqueue(ConntrackReplies.Dump(FakeNetlinkKernel.MessagesOf(r)[0].Sequence, Port, payloads)),
    };

    private static ConntrackEntry Flow(ushort clientPort, IPAddress server, uint mark) => new(
        1,
        new ConntrackTuple(ProtocolType.Tcp, Client, clientPort, Vip, 80),
        new ConntrackTuple(ProtocolType.Tcp, server, 8080, Client, clientPort),
        ConntrackStatus.Confirmed | ConntrackStatus.SeenReply | ConntrackStatus.Assured | ConntrackStatus.DestinationNat,
        mark,
        TimeSpan.FromMinutes(5),
        ConntrackTcpState.Established,
        null,
        null);
}
