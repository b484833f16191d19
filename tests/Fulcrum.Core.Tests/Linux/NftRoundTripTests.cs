using System.Net;
using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;
using Fulcrum.Linux.Nftables;
using Fulcrum.Linux.Nftables.Commands;
using Fulcrum.Linux.Nftables.Expressions;

namespace Fulcrum.Core.Tests.Linux;

/// <summary>What the writer writes, the dump parsers read back identically (dumps reply with the same NEW* layouts).</summary>
public sealed class NftRoundTripTests
{
    [Fact]
    public void Every_expression_survives_a_round_trip()
    {
        NftExpression[] expressions =
        [
            new MetaExpression(NftMetaKey.L4Proto, NftRegister.Reg32_00),
            new CmpExpression(NftRegister.Reg32_00, NftCmpOperator.Equal, NftData.FromByte(6)),
            PayloadExpression.IpDestinationAddress(NftRegister.Reg32_00),
            PayloadExpression.TransportDestinationPort(NftRegister.Reg32_01),
            new LookupExpression("services", NftRegister.Reg32_00, NftRegister.Verdict, SetId: 7),
            new LookupExpression("blocked", NftRegister.Reg32_00, Invert: true),
            new NumgenExpression(NftNumgenType.Random, 3, NftRegister.Reg32_02, Offset: 1),
            new HashExpression(NftRegister.Reg32_00, 8, 65537, 0xdead, NftRegister.Reg32_02),
            new BitwiseExpression(NftRegister.Reg32_00, NftRegister.Reg32_00, 4, NftData.FromAddress(IPAddress.Parse("255.255.255.0")), NftData.FromUInt32BigEndian(0)),
            new RangeExpression(NftRegister.Reg32_01, NftRangeOperator.NotEqual, NftData.FromUInt16BigEndian(1000), NftData.FromUInt16BigEndian(2000)),
            new CtExpression(NftCtKey.State, NftRegister.Reg32_03) { Direction = 1 },
            new CounterExpression(Packets: 12, Bytes: 3400),
            new ImmediateExpression(NftRegister.Reg32_04, NftData.FromAddress(IPAddress.Parse("10.0.0.1"))),
            new NatExpression(NftNatType.Source, NftFamily.Ip, NftRegister.Reg32_04, NftRegister.Reg32_05, NftNatFlags.Persistent)
            {
                AddressMax = NftRegister.Reg32_04,
                ProtoMax = NftRegister.Reg32_05,
            },
            new CtSetExpression(NftCtKey.Mark, NftRegister.Reg32_06),
            new DynsetExpression(NftDynsetOperation.Update, "persist", NftRegister.Reg32_00, NftRegister.Reg32_06, TimeSpan.FromSeconds(30)),
            new DynsetExpression(NftDynsetOperation.Add, "stats", NftRegister.Reg32_00, SetId: 4),
            new VerdictExpression(NftVerdict.Jump("svc1")),
            new VerdictExpression(NftVerdict.Drop),
        ];

        var comment = NftRuleComment.Encode("fulcrum service=web");
        var message = WriteOne(new NftAddRule(NftFamily.Ip, "fulcrum", "prerouting", expressions) { UserData = comment });
        var rule = Parse(message, NftRuleInfo.Parse);

        Assert.Equal(("fulcrum", "prerouting"), (rule.Table, rule.Chain));
        Assert.Equal(expressions, rule.Expressions);
        Assert.Equal(comment, rule.UserData);
        Assert.Equal("fulcrum service=web", NftRuleComment.Decode(rule.UserData!.Value));
    }

    [Fact]
    public void Set_declaration_survives_a_round_trip()
    {
        var set = new NftSet(NftFamily.Ip, "fulcrum", "persist",
            NftDataType.Concat(NftDataType.Ipv4Address, NftDataType.InetService), 8,
            NftSetFlags.Map | NftSetFlags.Interval | NftSetFlags.Concat | NftSetFlags.Timeout,
            NftDataType.Ipv4Address, 4)
        {
            ConcatFieldLengths = [4, 2],
            Size = 65536,
            Timeout = TimeSpan.FromMinutes(5),
            KeyByteOrder = NftByteOrder.Network,
            DataByteOrder = NftByteOrder.Host,
        };

        var parsed = Parse(WriteOne(new NftAddSet(set, 3)), NftSetParser.Parse);

        Assert.Equal(set.ConcatFieldLengths, parsed.ConcatFieldLengths);
        Assert.Equal(set, parsed with { ConcatFieldLengths = set.ConcatFieldLengths });
    }

    [Fact]
    public void A_counting_set_declaration_survives_a_round_trip()
    {
        var set = new NftSet(NftFamily.Ip, "fulcrum", "stats", NftDataType.Concat(NftDataType.Mark, 27), 8, NftSetFlags.Eval)
        {
            Size = 1024,
            CountElements = true,
        };

        Assert.Equal(set, Parse(WriteOne(new NftAddSet(set, 1)), NftSetParser.Parse));
    }

    [Fact]
    public void Flush_chain_is_a_delrule_without_a_handle_and_destroy_element_its_own_message()
    {
        var flush = Parse(WriteOne(new NftFlushChain(NftFamily.Ip, "fulcrum", "svc_1")), (in NetlinkMessage m) => (m.Type, NftRuleInfo.Parse(m)));
        Assert.Equal(NfNetlinkConstants.NfTablesType(NfTables.NFT_MSG_DELRULE), flush.Type);
        Assert.Equal(("svc_1", 0ul), (flush.Item2.Chain, flush.Item2.Handle));

        var destroy = WriteOne(new NftDestroyElements(NftFamily.Ip, "fulcrum", "persist", [new NftSetElement(NftData.FromUInt32HostOrder(7))]));
        var reader = new NetlinkMessageReader(destroy);
        Assert.True(reader.TryRead(out var message));
        Assert.Equal(NfNetlinkConstants.NfTablesType(NfTables.NFT_MSG_DESTROYSETELEM), message.Type);
        var parsed = new List<NftSetElement>();
        NftSetElementParser.Parse(message, parsed);
        Assert.Equal([new NftSetElement(NftData.FromUInt32HostOrder(7))], parsed);
    }

    [Fact]
    public void Rule_comments_longer_than_nft_allows_or_not_ascii_are_refused()
    {
        Assert.Throws<ArgumentException>(() => NftRuleComment.Encode(new string('x', NftRuleComment.MaxLength + 1)));
        Assert.Throws<ArgumentException>(() => NftRuleComment.Encode("café"));
        Assert.Null(NftRuleComment.Decode(new NftData([1, 2, 0, 0])));
    }

    [Fact]
    public void Elements_survive_a_round_trip()
    {
        NftSetElement[] elements =
        [
            new(NftData.AddressAndPort(IPAddress.Parse("203.0.113.100"), 80), Verdict: NftVerdict.Goto("svc1")),
            new(NftData.AddressAndPort(IPAddress.Parse("203.0.113.100"), 443), NftData.AddressAndPort(IPAddress.Parse("192.168.20.11"), 8443)) { Timeout = TimeSpan.FromSeconds(30) },
            new(NftData.FromAddress(IPAddress.Parse("10.0.0.0"))) { KeyEnd = NftData.FromAddress(IPAddress.Parse("10.0.0.255")) },
            new(NftData.FromAddress(IPAddress.Parse("10.0.1.0"))) { IsIntervalEnd = true },
        ];

        var parsed = new List<NftSetElement>();
        foreach (var message in WriteAll(new NftAddElements(NftFamily.Ip, "fulcrum", "m", elements)))
        {
            ParseInto(message, parsed);
        }

        Assert.Equal(elements, parsed);
    }

    [Fact]
    public void Long_element_lists_are_split_over_messages_that_each_fit_a_16_bit_attribute()
    {
        var elements = Enumerable.Range(0, 5000)
            .Select(i => new NftSetElement(NftData.FromUInt32HostOrder((uint)i), NftData.AddressAndPort(IPAddress.Parse("192.168.20.11"), (ushort)i)))
            .ToList();

        var messages = WriteAll(new NftAddElements(NftFamily.Ip, "fulcrum", "backends", elements));
        var parsed = new List<NftSetElement>();
        foreach (var message in messages)
        {
            ParseInto(message, parsed);
        }

        Assert.True(messages.Count > 1);
        Assert.All(messages, m => Assert.True(m.Length < 65535));
        Assert.Equal(elements, parsed);
    }

    [Fact]
    public void Table_and_base_chain_survive_a_round_trip()
    {
        var table = Parse(WriteOne(new NftAddTable(NftFamily.Inet, "filter")), NftTableInfo.Parse);
        Assert.Equal(new NftTableInfo(NftFamily.Inet, "filter", 0, 0, 0), table);

        var baseChain = new NftBaseChain(NftChainType.Filter, NftHook.Forward, NftChainPriority.Filter, NftVerdictCode.Drop);
        var chain = Parse(WriteOne(new NftAddChain(NftFamily.Inet, "filter", "forward", baseChain)), NftChainInfo.Parse);
        Assert.Equal(new NftChainInfo(NftFamily.Inet, "filter", "forward", 0, baseChain, 0), chain);
    }

    private delegate T Parser<out T>(in NetlinkMessage message);

    private static byte[] WriteOne(NftCommand command) => Assert.Single(WriteAll(command));

    private static List<byte[]> WriteAll(NftCommand command)
    {
        var writer = new NetlinkMessageWriter();
        command.Write(writer, NetlinkMessageFlags.Request);
        return [.. writer.Messages.Select(m => writer.WrittenSpan.Slice(m.Offset, m.Length).ToArray())];
    }

    private static T Parse<T>(byte[] bytes, Parser<T> parse)
    {
        var reader = new NetlinkMessageReader(bytes);
        Assert.True(reader.TryRead(out var message));
        return parse(message);
    }

    private static void ParseInto(byte[] bytes, List<NftSetElement> into)
    {
        var reader = new NetlinkMessageReader(bytes);
        Assert.True(reader.TryRead(out var message));
        NftSetElementParser.Parse(message, into);
    }
}
