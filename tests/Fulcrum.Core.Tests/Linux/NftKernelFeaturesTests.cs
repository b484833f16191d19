using Fulcrum.Linux.Netlink;
using Fulcrum.Linux.Nftables;

namespace Fulcrum.Core.Tests.Linux;

/// <summary>The kernel feature probe over the fake kernel: checked batches only, never a commit.</summary>
public sealed class NftKernelFeaturesTests
{
    private const uint Port = 77;
    private const ushort NewRule = 0x0a06, DestroySetElement = 0x0a1e, BatchEnd = 0x11;
    private const int Einval = 22;

    [Fact]
    public void Check_sends_the_batch_without_its_end_so_the_kernel_aborts_it()
    {
        var kernel = new FakeNetlinkKernel(Port) { OnSend = (k, r) => k.Enqueue(FakeNetlinkKernel.AckAll(r, Port)) };
        using var client = new NftablesClient(new NetlinkClient(kernel));

        client.Check(new NftBatch().AddTable(NftFamily.Ip, "t").AddChain(NftFamily.Ip, "t", "c"));

        var messages = FakeNetlinkKernel.MessagesOf(Assert.Single(kernel.Sent));
        Assert.Equal([0x10, 0x0a00, 0x0a03], messages.Select(m => (int)m.Type));
    }

    [Fact]
    public void A_current_kernel_accepts_every_probe()
    {
        var kernel = new FakeNetlinkKernel(Port) { OnSend = (k, r) => k.Enqueue(FakeNetlinkKernel.AckAll(r, Port)) };
        using var client = new NftablesClient(new NetlinkClient(kernel));

        var features = NftKernelFeatures.Probe(client);

        Assert.Equal(NftKernelFeatures.All, features);
        Assert.Empty(features.DescribeMissing());
        Assert.DoesNotContain(kernel.Sent, d => FakeNetlinkKernel.MessagesOf(d).Any(m => m.Type == BatchEnd));
    }

    [Fact]
    public void Linux_6_1_refuses_the_key_only_map_lookup_and_destroy_and_each_missing_feature_names_its_kernel()
    {
        // As 6.1 answers: EINVAL for a map lookup without a destination register (nft_lookup_init)
        // and for the message type it does not know (NFT_MSG_DESTROYSETELEM).
        var kernel = new FakeNetlinkKernel(Port) { OnSend = (k, r) => k.Enqueue(AnswerLike61(r)) };
        using var client = new NftablesClient(new NetlinkClient(kernel));

        var features = NftKernelFeatures.Probe(client);

        Assert.Equal(NftKernelFeatures.Linux61, features);
        var missing = features.DescribeMissing();
        Assert.Equal(2, missing.Count);
        Assert.Contains("need Linux 6.5", missing[0], StringComparison.Ordinal);
        Assert.Contains("needs Linux 6.3", missing[1], StringComparison.Ordinal);
        Assert.DoesNotContain(kernel.Sent, d => FakeNetlinkKernel.MessagesOf(d).Any(m => m.Type == BatchEnd));
    }

    [Fact]
    public void A_kernel_that_refuses_the_baseline_is_an_error_not_a_missing_feature()
    {
        var kernel = new FakeNetlinkKernel(Port)
        {
            OnSend = (k, r) => k.Enqueue(FakeNetlinkKernel.Error(FakeNetlinkKernel.MessagesOf(r)[1].Sequence, Port, 1)),
        };
        using var client = new NftablesClient(new NetlinkClient(kernel));

        var error = Assert.Throws<NetlinkException>(() => NftKernelFeatures.Probe(client));

        Assert.Equal("EPERM", error.ErrnoName);
    }

    [Fact]
    public void Destroy_elements_without_destroy_is_an_add_and_a_delete_of_the_same_elements()
    {
        var elements = new[] { new NftSetElement(NftData.FromUInt32HostOrder(7), NftData.FromUInt32HostOrder(3)) { Timeout = TimeSpan.FromSeconds(5) } };

        var native = new NftBatch().DestroyElements(NftFamily.Ip, "t", "m", elements, NftKernelFeatures.All);
        var emulated = new NftBatch().DestroyElements(NftFamily.Ip, "t", "m", elements, NftKernelFeatures.Linux61);

        Assert.IsType<Fulcrum.Linux.Nftables.Commands.NftDestroyElements>(Assert.Single(native.Commands));
        Assert.Equal(["add element ip t m (1 element(s))", "delete element ip t m (1 element(s))"], emulated.Commands.Select(c => c.ToString()));
        var added = Assert.Single(((Fulcrum.Linux.Nftables.Commands.NftAddElements)emulated.Commands[0]).Elements);
        Assert.Equal(NftData.FromUInt32HostOrder(3), added.Data);
        Assert.Null(added.Timeout);
    }

    private static byte[] AnswerLike61(byte[] request)
    {
        var writer = new NetlinkMessageWriter();
        foreach (var (sequence, type, flags) in FakeNetlinkKernel.MessagesOf(request))
        {
            if (type is NewRule or DestroySetElement)
            {
                FakeNetlinkKernel.WriteError(writer, sequence, Port, Einval, requestType: type);
            }
            else if ((flags & 0x04) != 0)
            {
                FakeNetlinkKernel.WriteError(writer, sequence, Port, 0);
            }
        }

        return writer.WrittenSpan.ToArray();
    }

    [Fact]
    public void The_probes_are_three_checked_batches_the_baseline_the_map_lookup_and_the_destroy()
    {
        var kernel = new FakeNetlinkKernel(Port) { OnSend = (k, r) => k.Enqueue(FakeNetlinkKernel.AckAll(r, Port)) };
        using var client = new NftablesClient(new NetlinkClient(kernel));

        NftKernelFeatures.Probe(client);

        // Baseline, the map lookup, the destroy: three checked batches.
        Assert.Equal(3, kernel.Sent.Count);
        Assert.Contains(FakeNetlinkKernel.MessagesOf(kernel.Sent[1]), m => m.Type == NewRule);
        Assert.Contains(FakeNetlinkKernel.MessagesOf(kernel.Sent[2]), m => m.Type == DestroySetElement);
    }
}
