using Fulcrum.Linux.Netlink;

namespace Fulcrum.Core.Tests.Linux;

/// <summary>The one receive loop, against a scripted kernel.</summary>
public sealed class NetlinkClientReceiveLoopTests
{
    private const uint Port = 4242;

    [Fact]
    public void Request_completes_when_every_message_that_asked_is_acknowledged()
    {
        var kernel = new FakeNetlinkKernel(Port) { OnSend = (k, request) => k.Enqueue(FakeNetlinkKernel.AckAll(request, Port)) };
        using var client = new NetlinkClient(kernel);

        client.Execute(ThreeAckedMessages(client));

        Assert.Single(kernel.Sent);
        Assert.Equal([1u, 2u, 3u], FakeNetlinkKernel.MessagesOf(kernel.Sent[0]).Select(m => m.Sequence));
        Assert.Equal(128 * 1024, kernel.BufferSizes.Receive); // never below the loop's own buffer, however few replies are owed
    }

    [Fact]
    public void Replies_with_a_sequence_number_of_no_pending_message_are_skipped()
    {
        var kernel = new FakeNetlinkKernel(Port)
        {
            OnSend = (k, request) =>
            {
                k.Enqueue(FakeNetlinkKernel.Error(999, Port, 2)); // a late reply to an abandoned request
                k.Enqueue(FakeNetlinkKernel.AckAll(request, Port));
            },
        };
        using var client = new NetlinkClient(kernel);

        client.Execute(ThreeAckedMessages(client));
    }

    [Fact]
    public void Reply_addressed_to_another_port_is_a_protocol_error()
    {
        var kernel = new FakeNetlinkKernel(Port) { OnSend = (k, _) => k.Enqueue(FakeNetlinkKernel.Ack(1, Port + 1)) };
        using var client = new NetlinkClient(kernel);

        var error = Assert.Throws<NetlinkProtocolException>(() => client.Execute(ThreeAckedMessages(client)));
        Assert.Contains("port 4243", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Datagrams_not_sent_by_the_kernel_are_ignored()
    {
        var kernel = new FakeNetlinkKernel(Port)
        {
            OnSend = (k, request) =>
            {
                k.Enqueue(FakeNetlinkKernel.Error(1, Port, 1, "forged"), sender: 777);
                k.Enqueue(FakeNetlinkKernel.AckAll(request, Port));
            },
        };
        using var client = new NetlinkClient(kernel);

        client.Execute(ThreeAckedMessages(client));
    }

    [Fact]
    public void Multipart_dump_is_followed_across_datagrams_until_NLMSG_DONE()
    {
        var kernel = new FakeNetlinkKernel(Port)
        {
            OnSend = (k, request) =>
            {
                var sequence = FakeNetlinkKernel.MessagesOf(request)[0].Sequence;
                k.Enqueue(Datagram(w => { Part(w, sequence, "a"); Part(w, sequence, "b"); }));
                k.Enqueue(Datagram(w => { Part(w, sequence, "c"); Done(w, sequence, 0); }));
            },
        };
        using var client = new NetlinkClient(kernel);
        var names = new List<string>();

        client.Execute(Dump(client), (in NetlinkMessage m) =>
        {
            var reader = m.Attributes(4);
            reader.TryRead(out var name);
            names.Add(name.GetString());
        });

        Assert.Equal(["a", "b", "c"], names);
    }

    [Fact]
    public void Dump_ending_with_an_error_in_NLMSG_DONE_throws()
    {
        var kernel = new FakeNetlinkKernel(Port) { OnSend = (k, r) => k.Enqueue(Datagram(w => Done(w, FakeNetlinkKernel.MessagesOf(r)[0].Sequence, 16))) };
        using var client = new NetlinkClient(kernel);

        var error = Assert.Throws<NetlinkException>(() => client.Execute(Dump(client)));
        Assert.Equal("EBUSY", error.ErrnoName);
    }

    [Fact]
    public void Interrupted_dump_is_reported_as_EINTR()
    {
        var kernel = new FakeNetlinkKernel(Port)
        {
            OnSend = (k, r) =>
            {
                var sequence = FakeNetlinkKernel.MessagesOf(r)[0].Sequence;
                k.Enqueue(Datagram(w => { Part(w, sequence, "a", NetlinkMessageFlags.DumpInterrupted); Done(w, sequence, 0); }));
            },
        };
        using var client = new NetlinkClient(kernel);

        Assert.Equal("EINTR", Assert.Throws<NetlinkException>(() => client.Execute(Dump(client))).ErrnoName);
    }

    [Fact]
    public void Error_with_extended_ack_names_errno_text_offset_and_the_failed_message()
    {
        var kernel = new FakeNetlinkKernel(Port)
        {
            OnSend = (k, _) =>
            {
                k.Enqueue(FakeNetlinkKernel.Ack(1, Port));
                k.Enqueue(FakeNetlinkKernel.Error(2, Port, 34, "Attribute failed policy validation", offset: 36));
                k.Enqueue(FakeNetlinkKernel.Ack(3, Port));
            },
        };
        using var client = new NetlinkClient(kernel);

        var error = Assert.Throws<NetlinkException>(() => client.Execute(ThreeAckedMessages(client), describe: m => $"message #{m.Sequence}"));

        Assert.Equal(34, error.Errno);
        Assert.Equal("ERANGE", error.ErrnoName);
        Assert.Equal("Attribute failed policy validation", error.ExtendedAckMessage);
        var failure = Assert.Single(error.Errors);
        Assert.Equal(2u, failure.Sequence);
        Assert.Equal(36, failure.AttributeOffset);
        Assert.Equal("2/1", failure.AttributePath); // attribute 2 (a nest at 32) > attribute 1 at 36
        Assert.Contains("ERANGE (Numerical result out of range): Attribute failed policy validation [seq 2, message #2, attribute at offset 36 (type path 2/1)]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_error_of_a_batch_is_collected()
    {
        var kernel = new FakeNetlinkKernel(Port)
        {
            OnSend = (k, _) =>
            {
                k.Enqueue(FakeNetlinkKernel.Error(1, Port, 2));
                k.Enqueue(FakeNetlinkKernel.Ack(2, Port));
                k.Enqueue(FakeNetlinkKernel.Error(3, Port, 17));
            },
        };
        using var client = new NetlinkClient(kernel);

        var error = Assert.Throws<NetlinkException>(() => client.Execute(ThreeAckedMessages(client)));
        Assert.Equal(["ENOENT", "EEXIST"], error.Errors.Select(e => e.ErrnoName));
    }

    [Fact]
    public void Error_for_a_message_that_asked_no_ack_stops_the_wait_and_is_reported()
    {
        // A batch-framing error (NFNL_MSG_BATCH_BEGIN carries no ACK flag): no other reply follows.
        var kernel = new FakeNetlinkKernel(Port) { OnSend = (k, _) => k.Enqueue(FakeNetlinkKernel.Error(1, Port, 22)) };
        using var client = new NetlinkClient(kernel);
        var request = client.CreateRequest();
        request.BeginMessage(0x10, NetlinkMessageFlags.Request);
        request.EndMessage();
        request.BeginMessage(0x0a00, NetlinkMessageFlags.Request | NetlinkMessageFlags.Ack);
        request.EndMessage();

        Assert.Equal("EINVAL", Assert.Throws<NetlinkException>(() => client.Execute(request)).ErrnoName);
    }

    [Fact]
    public void Missing_acknowledgement_surfaces_as_a_timeout()
    {
        var kernel = new FakeNetlinkKernel(Port) { OnSend = (k, _) => k.Enqueue(FakeNetlinkKernel.Ack(1, Port)) };
        using var client = new NetlinkClient(kernel);

        var error = Assert.Throws<TimeoutException>(() => client.Execute(ThreeAckedMessages(client)));
        Assert.Contains("2 of 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_datagram_is_a_protocol_error()
    {
        var kernel = new FakeNetlinkKernel(Port) { OnSend = (k, _) => k.Enqueue(new byte[200_000]) };
        using var client = new NetlinkClient(kernel);

        Assert.Throws<NetlinkProtocolException>(() => client.Execute(ThreeAckedMessages(client)));
    }

    [Fact]
    public void Each_request_uses_fresh_sequence_numbers()
    {
        var kernel = new FakeNetlinkKernel(Port) { OnSend = (k, request) => k.Enqueue(FakeNetlinkKernel.AckAll(request, Port)) };
        using var client = new NetlinkClient(kernel);

        client.Execute(ThreeAckedMessages(client));
        client.Execute(ThreeAckedMessages(client));

        Assert.Equal([4u, 5u, 6u], FakeNetlinkKernel.MessagesOf(kernel.Sent[1]).Select(m => m.Sequence));
    }

    private static NetlinkMessageWriter ThreeAckedMessages(NetlinkClient client)
    {
        var writer = client.CreateRequest();
        for (var i = 0; i < 3; i++)
        {
            writer.BeginMessage(0x0a00, NetlinkMessageFlags.Request | NetlinkMessageFlags.Ack);
            writer.WriteFamilyHeader(4);
            writer.WriteString(1, "table");          // offset 20..31
            var nest = writer.BeginNested(2);        // offset 32
            writer.WriteUInt32(1, 5, NetlinkByteOrder.Network); // offset 36
            writer.EndNested(nest);
            writer.EndMessage();
        }

        return writer;
    }

    private static NetlinkMessageWriter Dump(NetlinkClient client)
    {
        var writer = client.CreateRequest();
        writer.BeginMessage(0x0a01, NetlinkMessageFlags.Request | NetlinkMessageFlags.Dump);
        writer.WriteFamilyHeader(4);
        writer.EndMessage();
        return writer;
    }

    private static byte[] Datagram(Action<NetlinkMessageWriter> write)
    {
        var writer = new NetlinkMessageWriter();
        write(writer);
        return writer.WrittenSpan.ToArray();
    }

    private static void Part(NetlinkMessageWriter writer, uint sequence, string name, NetlinkMessageFlags extra = NetlinkMessageFlags.None)
    {
        writer.BeginMessage(0x0a00, NetlinkMessageFlags.Multi | extra, sequence, Port);
        writer.WriteFamilyHeader(4);
        writer.WriteString(1, name);
        writer.EndMessage();
    }

    private static void Done(NetlinkMessageWriter writer, uint sequence, int errno)
    {
        writer.BeginMessage(3, NetlinkMessageFlags.Multi, sequence, Port);
        var payload = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(payload, -errno);
        writer.WriteBytes(payload);
        writer.EndMessage();
    }
}
