using System.Net;
using System.Net.Sockets;
using Fulcrum.Linux.Conntrack;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Core.Tests.Linux.Conntrack;

/// <summary>The ctnetlink requests of connection sync against the fake kernel: golden bytes, EEXIST and ENOENT counted.</summary>
public sealed class ConntrackSyncRequestsTests
{
    private const uint Port = 4242;
    private static readonly IPAddress Client = IPAddress.Parse("10.1.0.2");
    private static readonly IPAddress Vip = IPAddress.Parse("203.0.113.10");
    private static readonly IPAddress Server = IPAddress.Parse("10.2.0.2");

    [Fact]
    public void Insert_sends_the_unNATed_reply_the_dnat_target_mark_status_timeout_and_a_liberal_tcp_state()
    {
        var kernel = new FakeNetlinkKernel(Port) { OnSend = (k, r) => k.Enqueue(FakeNetlinkKernel.AckAll(r, Port)) };
        using var client = new ConntrackClient(new NetlinkClient(kernel));

        var result = client.Insert([Flow(40000)]);

        Assert.Equal((1, 0, 0), (result.Inserted, result.Existing, result.Failed));
        Assert.Equal(Hex.Of(Hex.Parse("""
            dc000000 0001 0506 01000000 00000000  nlmsghdr: len 220, IPCTNL_MSG_CT_NEW, REQUEST|ACK|EXCL|CREATE
            02 00 0000                            nfgenmsg: AF_INET
            34000180                              CTA_TUPLE_ORIG: client -> VIP
              14000180
                08000100 0a010002                     CTA_IP_V4_SRC 10.1.0.2
                08000200 cb00710a                     CTA_IP_V4_DST 203.0.113.10
              1c000280
                05000100 06000000                     CTA_PROTO_NUM 6
                06000200 9c400000                     CTA_PROTO_SRC_PORT 40000
                06000300 00500000                     CTA_PROTO_DST_PORT 80
            34000280                              CTA_TUPLE_REPLY: VIP -> client (the kernel's NAT set-up rewrites it)
              14000180
                08000100 cb00710a                     CTA_IP_V4_SRC 203.0.113.10
                08000200 0a010002                     CTA_IP_V4_DST 10.1.0.2
              1c000280
                05000100 06000000
                06000200 00500000                     CTA_PROTO_SRC_PORT 80
                06000300 9c400000                     CTA_PROTO_DST_PORT 40000
            28000d80                              CTA_NAT_DST (nested)
              08000100 0a020002                     CTA_NAT_V4_MINIP 10.2.0.2
              08000200 0a020002                     CTA_NAT_V4_MAXIP 10.2.0.2
              14000380                              CTA_NAT_PROTO
                06000100 1f900000                     CTA_PROTONAT_PORT_MIN 8080
                06000200 1f900000                     CTA_PROTONAT_PORT_MAX 8080
            08000300 0000000e                     CTA_STATUS CONFIRMED|ASSURED|SEEN_REPLY (not DST_NAT: the kernel sets it)
            08000700 00000258                     CTA_TIMEOUT 600
            08000800 00000007                     CTA_MARK 7
            20000480                              CTA_PROTOINFO
              1c000180                              CTA_PROTOINFO_TCP
                05000100 03000000                     CTA_PROTOINFO_TCP_STATE ESTABLISHED
                06000400 08080000                     CTA_PROTOINFO_TCP_FLAGS_ORIGINAL { BE_LIBERAL, mask BE_LIBERAL }
                06000500 08080000                     CTA_PROTOINFO_TCP_FLAGS_REPLY    { BE_LIBERAL, mask BE_LIBERAL }
            """)), Hex.Of(Assert.Single(kernel.Sent)));
    }

    [Fact]
    public void Insert_counts_existing_entries_apart_from_refusals_and_goes_on_with_the_batch()
    {
        var kernel = new FakeNetlinkKernel(Port)
        {
            OnSend = (k, request) =>
            {
                var writer = new NetlinkMessageWriter();
                var messages = FakeNetlinkKernel.MessagesOf(request);
                for (var i = 0; i < messages.Count; i++)
                {
                    // The second exists already (EEXIST 17), the third is refused (EINVAL 22).
                    FakeNetlinkKernel.WriteError(writer, messages[i].Sequence, Port, i switch { 1 => 17, 2 => 22, _ => 0 });
                }

                k.Enqueue(writer.WrittenSpan.ToArray());
            },
        };
        using var client = new ConntrackClient(new NetlinkClient(kernel));

        var result = client.Insert([Flow(40000), Flow(40001), Flow(40002), Flow(40003)]);

        Assert.Equal((2, 1, 1), (result.Inserted, result.Existing, result.Failed));
        Assert.Equal("EINVAL", result.Failures[0].ErrnoName);
        Assert.Contains("tcp 10.1.0.2:40002 -> 203.0.113.10:80", result.Failures[0].Request, StringComparison.Ordinal);
        Assert.Single(kernel.Sent);
    }

    [Fact]
    public void An_entry_that_was_not_dnatted_is_created_without_CTA_NAT_DST()
    {
        var kernel = new FakeNetlinkKernel(Port) { OnSend = (k, r) => k.Enqueue(FakeNetlinkKernel.AckAll(r, Port)) };
        using var client = new ConntrackClient(new NetlinkClient(kernel));
        var flow = Flow(40000) with { Reply = new ConntrackTuple(ProtocolType.Tcp, Vip, 80, Client, 40000) };

        client.Insert([flow]);

        var sent = Assert.Single(kernel.Sent);
        Assert.Equal(220 - 40, sent.Length);
        Assert.DoesNotContain("28000d80", Hex.Of(sent), StringComparison.Ordinal);
    }

    [Fact]
    public void DeleteByTuple_sends_the_original_tuple_without_an_id_and_counts_ENOENT_as_vanished()
    {
        var kernel = new FakeNetlinkKernel(Port)
        {
            OnSend = (k, request) =>
            {
                var writer = new NetlinkMessageWriter();
                var messages = FakeNetlinkKernel.MessagesOf(request);
                FakeNetlinkKernel.WriteError(writer, messages[0].Sequence, Port, 0);
                FakeNetlinkKernel.WriteError(writer, messages[1].Sequence, Port, 2);
                k.Enqueue(writer.WrittenSpan.ToArray());
            },
        };
        using var client = new ConntrackClient(new NetlinkClient(kernel));

        var result = client.DeleteByTuple([Flow(40000).Original, Flow(40001).Original]);

        Assert.Equal((2, 1, 1), (result.Matched, result.Deleted, result.Vanished));
        var first = FakeNetlinkKernel.MessagesOf(Assert.Single(kernel.Sent))[0];
        Assert.Equal((0x0102, 0x05), (first.Type, first.Flags));
        Assert.StartsWith(Hex.Of(Hex.Parse("""
            48000000 0201 0500 01000000 00000000  nlmsghdr: len 72, IPCTNL_MSG_CT_DELETE, REQUEST|ACK
            02 00 0000                            nfgenmsg: AF_INET
            34000180                              CTA_TUPLE_ORIG only: no CTA_ID
              14000180
                08000100 0a010002
                08000200 cb00710a
              1c000280
                05000100 06000000
                06000200 9c400000
                06000300 00500000
            """)), Hex.Of(kernel.Sent[0]), StringComparison.Ordinal);
    }

    private static ConntrackEntry Flow(ushort clientPort) => new(
        77,
        new ConntrackTuple(ProtocolType.Tcp, Client, clientPort, Vip, 80),
        new ConntrackTuple(ProtocolType.Tcp, Server, 8080, Client, clientPort),
        ConntrackStatus.SeenReply | ConntrackStatus.Assured | ConntrackStatus.Confirmed | ConntrackStatus.DestinationNat | ConntrackStatus.DestinationNatDone,
        7,
        TimeSpan.FromSeconds(600),
        ConntrackTcpState.Established,
        null,
        null);
}
