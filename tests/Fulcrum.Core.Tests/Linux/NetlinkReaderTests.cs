using Fulcrum.Linux.Netlink;

namespace Fulcrum.Core.Tests.Linux;

public sealed class NetlinkReaderTests
{
    [Fact]
    public void Reader_parses_what_the_writer_wrote()
    {
        var writer = new NetlinkMessageWriter(firstSequence: 9);
        writer.BeginMessage(0x0a01, NetlinkMessageFlags.Request | NetlinkMessageFlags.Dump);
        writer.WriteFamilyHeader(4);
        writer.WriteString(1, "fulcrum");
        var nest = writer.BeginNested(2);
        writer.WriteUInt64(3, 0x0102030405060708, NetlinkByteOrder.Network);
        writer.EndNested(nest);
        writer.EndMessage();

        var reader = new NetlinkMessageReader(writer.WrittenSpan);
        Assert.True(reader.TryRead(out var message));
        Assert.Equal((ushort)0x0a01, message.Type);
        Assert.Equal(NetlinkMessageFlags.Request | NetlinkMessageFlags.Dump, message.Flags);
        Assert.Equal(9u, message.Sequence);
        var attributes = message.Attributes(4);
        Assert.True(attributes.TryRead(out var name));
        Assert.Equal("fulcrum", name.GetString());
        Assert.True(attributes.TryRead(out var nested));
        Assert.True(nested.IsNested);
        var inner = nested.GetNested();
        Assert.True(inner.TryRead(out var value));
        Assert.Equal(0x0102030405060708UL, value.GetUInt64(NetlinkByteOrder.Network));
        Assert.False(attributes.TryRead(out _));
        Assert.False(reader.TryRead(out _));
    }

    [Theory]
    [InlineData("0f000000 1000 0000 00000000 00000000")] // nlmsg_len below the header size
    [InlineData("40000000 1000 0000 00000000 00000000")] // nlmsg_len beyond the datagram
    [InlineData("1000 0000 0000")]                      // truncated header
    public void Malformed_message_lengths_are_rejected(string hex)
    {
        var bytes = Hex.Parse(hex);
        Assert.Throws<NetlinkProtocolException>(() =>
        {
            var reader = new NetlinkMessageReader(bytes);
            reader.TryRead(out _);
        });
    }

    [Fact]
    public void Attribute_overrunning_its_run_is_rejected()
    {
        var bytes = Hex.Parse("0c00 0100 6162");
        Assert.Throws<NetlinkProtocolException>(() =>
        {
            var reader = new NetlinkAttributeReader(bytes);
            reader.TryRead(out _);
        });
    }
}
