using Fulcrum.Linux.Netlink;
using Fulcrum.Linux.Nftables;
using Fulcrum.Linux.Nftables.Commands;
using Fulcrum.Linux.Nftables.Expressions;

namespace Fulcrum.Core.Tests.Linux;

/// <summary>
/// Messages compared with bytes derived from the header layouts, and with the exact bytes nft
/// 1.0.6 (libnftnl) sent for the same statements — captured once with
/// <c>strace -e trace=sendmsg -e write=3 nft -f ...</c> in a scratch namespace. nft uses NFT_REG_1
/// where Fulcrum uses NFT_REG32_00 (the same storage), so these tests pass nft's registers.
/// </summary>
public sealed class NftGoldenBytesTests
{
    [Fact]
    public void Batch_is_framed_by_BATCH_BEGIN_and_BATCH_END_with_res_id_NFNL_SUBSYS_NFTABLES()
    {
        var writer = new NetlinkMessageWriter(firstSequence: 0);
        NftBatchWriter.Write(new NftBatch().AddTable(NftFamily.Ip, "fref"), writer);

        var expected = Hex.Parse("""
            14000000 1000 0100 00000000 00000000 | 00 00 000a          BATCH_BEGIN, AF_UNSPEC, v0, res_id htons(10)
            28000000 000a 0504 01000000 00000000 | 02 00 0000          NFT_MSG_NEWTABLE, REQUEST|ACK|CREATE, NFPROTO_IPV4
              0900 0100 6672656600 000000                              NFTA_TABLE_NAME "fref"
              0800 0200 00000000                                       NFTA_TABLE_FLAGS 0 (big-endian)
            14000000 1100 0100 02000000 00000000 | 00 00 000a          BATCH_END
            """);
        Assert.Equal(Hex.Of(expected), Hex.Of(writer.WrittenSpan));
    }

    [Fact]
    public void Base_chain_matches_nft()
    {
        // nft: chain pre { type nat hook prerouting priority dstnat; policy accept; }
        AssertMessage(
            new NftAddChain(NftFamily.Ip, "fref", "pre", new NftBaseChain(NftChainType.Nat, NftHook.Prerouting, NftChainPriority.DestinationNat)),
            0x0a03, 0x0401,
            "020000000900010066726566000000000800030070726500080007006e617400080005000000000114000480080001000000000008000200ffffff9c");
    }

    [Fact]
    public void Ct_state_rule_matches_nft()
    {
        // nft: ct state established,related accept
        AssertMessage(
            new NftAddRule(NftFamily.Ip, "fref", "pre",
            [
                new CtExpression(NftCtKey.State, NftRegister.Reg1),
                new BitwiseExpression(NftRegister.Reg1, NftRegister.Reg1, 4,
                    NftData.FromUInt32HostOrder((uint)(NftCtState.Established | NftCtState.Related)), NftData.FromUInt32HostOrder(0)),
                new CmpExpression(NftRegister.Reg1, NftCmpOperator.NotEqual, NftData.FromUInt32HostOrder(0)),
                new VerdictExpression(NftVerdict.Accept),
            ]),
            0x0a06, 0x0c01,
            "020000000900010066726566000000000800020070726500c40004802000018007000100637400001400028008000200000000000800010000000001"
            + "440001800c0001006269747769736500340002800800010000000001080002000000000108000300000000040c00048008000100060000000c000580080001000000000"
            + "02c00018008000100636d700020000280080001000000000108000200000000010c0003800800010000000000300001800e000100696d6d6564696174650000001c00"
            + "02800800010000000000100002800c0002800800010000000001");
    }

    [Fact]
    public void Numgen_dnat_map_rule_matches_nft()
    {
        // nft: meta l4proto tcp dnat ip addr . port to numgen inc mod 2 map @b
        AssertMessage(
            new NftAddRule(NftFamily.Ip, "fref", "pre",
            [
                new MetaExpression(NftMetaKey.L4Proto, NftRegister.Reg1),
                new CmpExpression(NftRegister.Reg1, NftCmpOperator.Equal, NftData.FromByte(6)),
                new NumgenExpression(NftNumgenType.Incremental, 2, NftRegister.Reg1),
                new LookupExpression("b", NftRegister.Reg1, NftRegister.Reg1, SetId: 3),
                new NatExpression(NftNatType.Destination, NftFamily.Ip, NftRegister.Reg1, NftRegister.Reg32_01),
            ]),
            0x0a06, 0x0c01,
            "020000000900010066726566000000000800020070726500ec00048024000180090001006d6574610000000014000280080002000000001008000100000000012c0001"
            + "8008000100636d700020000280080001000000000108000200000000000c0003800500010006000000340001800b0001006e756d67656e000024000280080001000000"
            + "0001080002000000000208000300000000000800040000000000340001800b0001006c6f6f6b75700000240002800800020000000001080003000000000106000100"
            + "62000000080004000000000330000180080001006e617400240002800800010000000001080002000000000208000300000000010800050000000009");
    }

    [Fact]
    public void Map_elements_match_nft()
    {
        // nft: the anonymous map { 0 : 10.0.0.1, 1 : 10.0.0.2 } of "dnat to jhash ip saddr mod 2 map {...}".
        // One byte differs on purpose: libnftnl numbers the list entries 1, 2, ... as attribute types
        // (0x8002 for the second element); the uapi names them all NFTA_LIST_ELEM (1) and the kernel
        // ignores the type (nla_for_each_nested), so Fulcrum writes 0x8001 for every element.
        AssertMessage(
            new NftAddElements(NftFamily.Ip, "fref", "__map%d",
            [
                new NftSetElement(NftData.FromUInt32HostOrder(0), NftData.FromAddress(System.Net.IPAddress.Parse("10.0.0.1"))),
                new NftSetElement(NftData.FromUInt32HostOrder(1), NftData.FromAddress(System.Net.IPAddress.Parse("10.0.0.2"))),
            ],
            SetId: 4),
            0x0a0c, 0x0401,
            "020000000900010066726566000000000c0002005f5f6d617025640008000400000000043c0003801c0001800c00018008000100000000000c000280080001000a000001"
            + "1c000180" /* nft: 1c000280 */ + "0c00018008000100010000000c000280080001000a000002");
    }

    [Fact]
    public void Jhash_rule_matches_nft()
    {
        // nft: dnat to jhash ip saddr mod 2 seed 0xdead map { ... }
        AssertMessage(
            new NftAddRule(NftFamily.Ip, "fref", "pre",
            [
                PayloadExpression.IpSourceAddress(NftRegister.Reg2),
                new HashExpression(NftRegister.Reg2, 4, 2, 0xdead, NftRegister.Reg1),
                new LookupExpression("__map%d", NftRegister.Reg1, NftRegister.Reg1, SetId: 4),
                new NatExpression(NftNatType.Destination, NftFamily.Ip, NftRegister.Reg1),
            ]),
            0x0a06, 0x0c01,
            "020000000900010066726566000000000800020070726500e4000480340001800c0001007061796c6f616400240002800800010000000002080002000000000108000300"
            + "0000000c08000400000000044c0001800900010068617368000000003c000280080001000000000208000200000000010800030000000004080004000000000208000500"
            + "0000dead08000600000000000800070000000000380001800b0001006c6f6f6b7570000028000280080002000000000108000300000000010c0001005f5f6d617025640"
            + "0080004000000000428000180080001006e6174001c000280080001000000000108000200000000020800030000000001");
    }

    [Fact]
    public void Concatenated_map_declaration_follows_the_set_attribute_layout()
    {
        AssertMessage(
            new NftAddSet(NftSet.AddressPortMap(NftFamily.Ip, "t", "m"), SetId: 2),
            0x0a09, 0x0401,
            """
            02000000
            0600 0100 74000000                NFTA_SET_TABLE "t"
            0600 0200 6d000000                NFTA_SET_NAME "m"
            0800 0300 00000008                NFTA_SET_FLAGS NFT_SET_MAP
            0800 0400 000001cd                NFTA_SET_KEY_TYPE ipv4_addr . inet_service = 7 << 6 | 13
            0800 0500 00000008                NFTA_SET_KEY_LEN 8 (4 + port padded to 4)
            0800 0600 000001cd                NFTA_SET_DATA_TYPE
            0800 0700 00000008                NFTA_SET_DATA_LEN
            0800 0a00 00000002                NFTA_SET_ID
            """);
    }

    [Fact]
    public void Concatenated_key_pads_every_field_to_a_register()
    {
        Assert.Equal("cb007164" + "00500000", NftData.AddressAndPort(System.Net.IPAddress.Parse("203.0.113.100"), 80).ToString());
        Assert.Equal(461u, NftDataType.Concat(NftDataType.Ipv4Address, NftDataType.InetService));
    }

    private static void AssertMessage(NftCommand command, ushort type, ushort flags, string body)
    {
        var writer = new NetlinkMessageWriter();
        command.Write(writer, NetlinkMessageFlags.Request);
        var message = Assert.Single(writer.Messages);
        Assert.Equal((type, flags), (message.Type, (ushort)message.Flags));
        Assert.Equal(Hex.Of(Hex.Parse(body)), Hex.Of(writer.WrittenSpan.Slice(16, message.Length - 16)));
    }
}
