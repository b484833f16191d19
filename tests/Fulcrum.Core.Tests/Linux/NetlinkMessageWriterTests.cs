using Fulcrum.Linux.Netlink;

namespace Fulcrum.Core.Tests.Linux;

/// <summary>Golden bytes derived by hand from struct nlmsghdr / struct nlattr (include/uapi/linux/netlink.h).</summary>
public sealed class NetlinkMessageWriterTests
{
    [Fact]
    public void Message_header_family_header_and_attributes_follow_the_kernel_layout()
    {
        var writer = new NetlinkMessageWriter(firstSequence: 7);
        writer.BeginMessage(0x0a00, NetlinkMessageFlags.Request | NetlinkMessageFlags.Ack);
        writer.WriteFamilyHeader(4)[0] = 2;
        writer.WriteString(1, "ab");
        writer.WriteUInt32(2, 0x01020304, NetlinkByteOrder.Network);
        writer.WriteUInt32(3, 0x01020304, NetlinkByteOrder.Host);
        writer.WriteUInt16(4, 80, NetlinkByteOrder.Network);
        writer.EndMessage();

        var expected = Hex.Parse("""
            34000000 000a 0500 07000000 00000000   nlmsghdr: len 52, type 0x0a00, REQUEST|ACK, seq 7, pid 0
            02000000                               family header (4 bytes)
            0700 0100 616200 00                    "ab\0" + 1 byte of NLA_ALIGN padding
            0800 0200 01020304                     u32 in network order
            0800 0300 04030201                     u32 in host order (little-endian)
            0600 0400 0050 0000                    u16 network order, 2 bytes of padding
            """);
        Assert.Equal(Hex.Of(expected), Hex.Of(writer.WrittenSpan));
        Assert.Equal(new NetlinkRequestMessage(7, 0x0a00, NetlinkMessageFlags.Request | NetlinkMessageFlags.Ack, 0, 52, 20), Assert.Single(writer.Messages));
    }

    [Fact]
    public void Nested_attributes_set_NLA_F_NESTED_and_get_their_length_patched()
    {
        var writer = new NetlinkMessageWriter();
        writer.BeginMessage(0x10, NetlinkMessageFlags.Request);
        var outer = writer.BeginNested(4);
        var inner = writer.BeginNested(1);
        writer.WriteUInt8(2, 0xff);
        writer.EndNested(inner);
        writer.EndNested(outer);
        writer.EndMessage();

        var expected = Hex.Parse("""
            20000000 1000 0100 01000000 00000000
            1000 0480                              outer: len 16, type 4 | NLA_F_NESTED (0x8000)
            0c00 0180                              inner: len 12, type 1 | NLA_F_NESTED
            0500 0200 ff000000                     u8 + 3 bytes of padding
            """);
        Assert.Equal(Hex.Of(expected), Hex.Of(writer.WrittenSpan));
    }

    [Fact]
    public void Messages_of_a_batch_get_consecutive_sequence_numbers_and_aligned_offsets()
    {
        var writer = new NetlinkMessageWriter(firstSequence: 100);
        writer.BeginMessage(0x10, NetlinkMessageFlags.Request);
        writer.WriteString(1, "x");
        writer.EndMessage();
        writer.BeginMessage(0x11, NetlinkMessageFlags.Request);
        writer.EndMessage();

        Assert.Equal([(100u, 0), (101u, 24)], writer.Messages.Select(m => (m.Sequence, m.Offset)));
        Assert.Equal(102u, writer.NextSequence);
    }

    [Fact]
    public void Attribute_longer_than_nla_len_can_express_is_refused()
    {
        var writer = new NetlinkMessageWriter();
        writer.BeginMessage(0x10, NetlinkMessageFlags.Request);
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.WriteAttribute(1, new byte[65532]));
    }

    [Fact]
    public void Writing_outside_a_message_is_refused()
    {
        var writer = new NetlinkMessageWriter();
        Assert.Throws<InvalidOperationException>(() => writer.WriteString(1, "x"));
        Assert.Throws<InvalidOperationException>(() => writer.EndMessage());
    }
}
