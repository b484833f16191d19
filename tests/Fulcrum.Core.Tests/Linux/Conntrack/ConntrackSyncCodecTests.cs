using System.Net;
using System.Net.Sockets;
using Fulcrum.Linux.Conntrack;

namespace Fulcrum.Core.Tests.Linux.Conntrack;

/// <summary>The connection-sync datagram format: golden bytes, round trip, limits, and what a receiver refuses.</summary>
public sealed class ConntrackSyncCodecTests
{
    private static readonly IPAddress Client = IPAddress.Parse("10.1.0.2");
    private static readonly IPAddress Vip = IPAddress.Parse("203.0.113.10");
    private static readonly IPAddress Server = IPAddress.Parse("10.2.0.2");

    [Fact]
    public void A_datagram_of_two_records_has_the_documented_bytes()
    {
        var buffer = new byte[ConntrackSyncCodec.MaxDatagramSize];

        var length = ConntrackSyncCodec.Write(buffer, ConntrackSyncKind.Flows, 0x01020304,
        [
            new(ConntrackSyncOperation.Established, Flow(40000, mark: 7)),
            new(ConntrackSyncOperation.Ended, Flow(40001, mark: 0x00020001) with { TcpState = ConntrackTcpState.TimeWait, Status = ConntrackStatus.SeenReply, Timeout = null }),
        ]);

        Assert.Equal(Hex.Of(Hex.Parse("""
            46435431 01 02 01020304      "FCT1", flows, 2 records, sequence
            01 06 03 03                  established, tcp, ESTABLISHED, SEEN_REPLY|ASSURED
            0a010002 9c40                client 10.1.0.2:40000
            cb00710a 0050                VIP 203.0.113.10:80
            0a020002 1f90                server 10.2.0.2:8080
            00000007                     mark 7
            00000258                     timeout 600 s
            02 06 07 01                  ended, tcp, TIME_WAIT, SEEN_REPLY
            0a010002 9c41
            cb00710a 0050
            0a020002 1f90
            00020001                     mark 0x20001
            00000000                     no timeout (a DESTROY carries none)
            """)), Hex.Of(buffer.AsSpan(0, length)));
    }

    [Fact]
    public void What_is_written_reads_back_as_the_same_flows()
    {
        var buffer = new byte[ConntrackSyncCodec.MaxDatagramSize];
        var records = Enumerable.Range(0, ConntrackSyncCodec.MaxRecords)
            .Select(i => new ConntrackSyncRecord(i % 3 == 0 ? ConntrackSyncOperation.Ended : ConntrackSyncOperation.Established, Flow((ushort)(1000 + i), (uint)i)))
            .ToList();
        records[5] = records[5] with { Entry = records[5].Entry with { Original = new ConntrackTuple(ProtocolType.Udp, Client, 5353, Vip, 53), Reply = new ConntrackTuple(ProtocolType.Udp, Server, 53, Client, 5353), TcpState = null } };

        var length = ConntrackSyncCodec.Write(buffer, ConntrackSyncKind.ResyncDone, uint.MaxValue, records);
        var read = ConntrackSyncCodec.Read(buffer.AsSpan(0, length), out var error);

        Assert.Null(error);
        Assert.Equal(ConntrackSyncCodec.MaxDatagramSize, length);
        Assert.True(length <= 1472, "one Ethernet frame with IP and UDP headers");
        Assert.Equal((ConntrackSyncKind.ResyncDone, uint.MaxValue), (read!.Kind, read.Sequence));
        Assert.Equal(records.Count, read.Records.Count);
        for (var i = 0; i < records.Count; i++)
        {
            var (sent, got) = (records[i].Entry, read.Records[i].Entry);
            Assert.Equal(records[i].Operation, read.Records[i].Operation);
            Assert.Equal((sent.Original, sent.Reply, sent.Mark, sent.Timeout, sent.TcpState), (got.Original, got.Reply, got.Mark, got.Timeout, got.TcpState));
            Assert.Equal(sent.Status & (ConntrackStatus.SeenReply | ConntrackStatus.Assured), got.Status);
        }
    }

    [Fact]
    public void A_request_without_records_is_a_header_only()
    {
        var buffer = new byte[ConntrackSyncCodec.HeaderSize];

        var length = ConntrackSyncCodec.Write(buffer, ConntrackSyncKind.ResyncRequest, 9, []);

        Assert.Equal("46435431020000000009", Hex.Of(buffer.AsSpan(0, length)));
        Assert.Empty(ConntrackSyncCodec.Read(buffer, out _)!.Records);
    }

    [Theory]
    [InlineData("46435432 01 00 00000001", "not a connection-sync datagram (no FCT1 header)")]
    [InlineData("464354", "not a connection-sync datagram (no FCT1 header)")]
    [InlineData("46435431 09 00 00000001", "unknown datagram kind 9")]
    [InlineData("46435431 01 01 00000001", "10 bytes do not hold a header and 1 records")]
    [InlineData("46435431 01 00 00000001 00", "11 bytes do not hold a header and 0 records")]
    [InlineData("46435431 01 01 00000001 03060303 0a0100029c40 cb00710a0050 0a0200021f90 00000007 00000258", "record 1: unknown operation 3")]
    [InlineData("46435431 01 01 00000001 01010003 0a0100029c40 cb00710a0050 0a0200021f90 00000007 00000258", "record 1: protocol 1 is not TCP or UDP")]
    [InlineData("46435431 01 01 00000001 01060a03 0a0100029c40 cb00710a0050 0a0200021f90 00000007 00000258", "record 1: TCP state 10 is not a conntrack state")]
    [InlineData("46435431 01 01 00000001 01060304 0a0100029c40 cb00710a0050 0a0200021f90 00000007 00000258", "record 1: status bits 0x04 are not defined")]
    public void A_receiver_refuses_what_is_not_a_valid_datagram_and_says_why(string hex, string reason)
    {
        var read = ConntrackSyncCodec.Read(Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal)), out var error);

        Assert.Null(read);
        Assert.Equal(reason, error);
    }

    [Fact]
    public void Too_many_records_or_an_IPv6_flow_are_refused_by_the_writer()
    {
        var buffer = new byte[4096];
        var many = Enumerable.Range(0, ConntrackSyncCodec.MaxRecords + 1).Select(i => new ConntrackSyncRecord(ConntrackSyncOperation.Established, Flow((ushort)i, 1))).ToList();
        var v6 = Flow(1, 1) with
        {
            Original = new ConntrackTuple(ProtocolType.Tcp, IPAddress.Parse("2001:db8::2"), 1, IPAddress.Parse("2001:db8::10"), 80),
            Reply = new ConntrackTuple(ProtocolType.Tcp, IPAddress.Parse("2001:db8::20"), 80, IPAddress.Parse("2001:db8::2"), 1),
        };

        Assert.Throws<ArgumentException>(() => ConntrackSyncCodec.Write(buffer, ConntrackSyncKind.Flows, 1, many));
        Assert.False(ConntrackSyncCodec.CanCarry(v6));
        Assert.Throws<ArgumentException>(() => ConntrackSyncCodec.Write(buffer, ConntrackSyncKind.Flows, 1, [new(ConntrackSyncOperation.Established, v6)]));
    }

    private static ConntrackEntry Flow(ushort clientPort, uint mark) => new(
        77,
        new ConntrackTuple(ProtocolType.Tcp, Client, clientPort, Vip, 80),
        new ConntrackTuple(ProtocolType.Tcp, Server, 8080, Client, clientPort),
        ConntrackStatus.SeenReply | ConntrackStatus.Assured | ConntrackStatus.Confirmed | ConntrackStatus.DestinationNat,
        mark,
        TimeSpan.FromSeconds(600),
        ConntrackTcpState.Established,
        null,
        null);
}
