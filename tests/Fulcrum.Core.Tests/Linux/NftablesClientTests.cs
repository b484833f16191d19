using Fulcrum.Linux.Netlink;
using Fulcrum.Linux.Nftables;
using Fulcrum.Linux.Nftables.Expressions;

namespace Fulcrum.Core.Tests.Linux;

/// <summary>NftablesClient over the fake kernel: one datagram per commit, errors named after the command.</summary>
public sealed class NftablesClientTests
{
    private const uint Port = 99;

    [Fact]
    public void Commit_sends_the_whole_batch_as_one_datagram_with_an_ack_requested_per_command()
    {
        var kernel = new FakeNetlinkKernel(Port) { OnSend = (k, r) => k.Enqueue(FakeNetlinkKernel.AckAll(r, Port)) };
        using var client = new NftablesClient(new NetlinkClient(kernel));

        client.Commit(new NftBatch().AddTable(NftFamily.Ip, "t").AddChain(NftFamily.Ip, "t", "c").AddRule(NftFamily.Ip, "t", "c", new CounterExpression()));

        var messages = FakeNetlinkKernel.MessagesOf(Assert.Single(kernel.Sent));
        Assert.Equal([0x10, 0x0a00, 0x0a03, 0x0a06, 0x11], messages.Select(m => (int)m.Type));
        Assert.Equal([false, true, true, true, false], messages.Select(m => (m.Flags & 0x04) != 0));
    }

    [Fact]
    public void Rejected_command_is_named_in_the_exception()
    {
        var kernel = new FakeNetlinkKernel(Port)
        {
            OnSend = (k, r) =>
            {
                var messages = FakeNetlinkKernel.MessagesOf(r);
                k.Enqueue(FakeNetlinkKernel.Ack(messages[1].Sequence, Port));
                k.Enqueue(FakeNetlinkKernel.Error(messages[2].Sequence, Port, 2, offset: 40));
            },
        };
        using var client = new NftablesClient(new NetlinkClient(kernel));

        var error = Assert.Throws<NetlinkException>(() => client.Commit(new NftBatch()
            .AddTable(NftFamily.Ip, "t")
            .AddRule(NftFamily.Ip, "t", "c", new VerdictExpression(NftVerdict.Jump("missing")))));

        Assert.Equal("ENOENT", error.ErrnoName);
        Assert.Contains("NFT_MSG_NEWRULE (add rule ip t c (1 expression(s))), attribute at offset 40 (type path 4/1)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dump_interrupted_by_a_concurrent_commit_is_retried()
    {
        var attempts = 0;
        var kernel = new FakeNetlinkKernel(Port)
        {
            OnSend = (k, r) =>
            {
                var sequence = FakeNetlinkKernel.MessagesOf(r)[0].Sequence;
                var interrupted = ++attempts == 1;
                var writer = new NetlinkMessageWriter();
                writer.BeginMessage(0x0a00, NetlinkMessageFlags.Multi | (interrupted ? NetlinkMessageFlags.DumpInterrupted : 0), sequence, Port);
                writer.WriteFamilyHeader(4)[0] = 2;
                writer.WriteString(1, "fulcrum");
                writer.EndMessage();
                writer.BeginMessage(3, NetlinkMessageFlags.Multi, sequence, Port);
                writer.WriteBytes(new byte[4]);
                writer.EndMessage();
                k.Enqueue(writer.WrittenSpan.ToArray());
            },
        };
        using var client = new NftablesClient(new NetlinkClient(kernel));

        var table = Assert.Single(client.ListTables());

        Assert.Equal(2, attempts);
        Assert.Equal((NftFamily.Ip, "fulcrum"), (table.Family, table.Name));
    }
}
