using System.Diagnostics;
using System.Net;
using Fulcrum.Core.Vrrp;
using Fulcrum.Integration.Tests.Lab;

namespace Fulcrum.Integration.Tests.Ha;

/// <summary>100,000 malformed adverts at a running pair: no crash, no state change, every rejection counted under its reason.</summary>
[Collection(LabTestGroup.Name)]
public sealed class HaMalformedAdvertTests(LabFixture fixture) : IDisposable
{
    private const int Total = 100_000;
    private const int Batch = 200;
    private readonly VipLocator _vips = HaKeepalivedInteropTests.CreateLocator(fixture);

    [PrivilegedFact]
    public async Task Hundred_thousand_malformed_adverts_change_nothing_and_are_counted_exactly()
    {
        using var config = new HaLabConfig(3, "100ms");
        var topology = fixture.Lab.Topology;
        await using var lb1 = await FulcrumNode.StartAsync(config, "lb1", topology.Balancers[0].Namespace);
        await using var lb2 = await FulcrumNode.StartAsync(config, "lb2", topology.Balancers[1].Namespace);
        Assert.True(await Eventually.TrueAsync(() => lb1.IsMaster && lb2.IsBackup && _vips.OnlyOn(0), HaKeepalivedInteropTests.Deadline(config)));
        var transitions = (lb1.Transitions.Count, lb2.Transitions.Count);

        var kinds = MalformedAdvertSender.Kinds;
        var expected = new long[kinds.Count];
        using var sender = new MalformedAdvertSender(topology.Client.Namespace, IPAddress.Parse("203.0.113.50"), IPAddress.Parse("203.0.113.2"));
        var clock = Stopwatch.StartNew();
        for (var sent = 0; sent < Total;)
        {
            // Paced by the receiver's own count, so the socket's queue never overflows: every datagram is checked.
            var batchEnd = Math.Min(Total, sent + Batch);
            for (; sent < batchEnd; sent++)
            {
                sender.Send(sent % kinds.Count);
                expected[sent % kinds.Count]++;
            }

            var target = sent;
            Assert.True(
                await Eventually.TrueAsync(() => lb2.Metrics.RejectedTotal() >= target, TimeSpan.FromSeconds(10)),
                $"after {target} sent, {lb2.Metrics.RejectedTotal()} rejected");
        }

        for (var i = 0; i < kinds.Count; i++)
        {
            Assert.True(expected[i] == lb2.Metrics.RejectedTotal(kinds[i].Reason), $"{kinds[i].Defect}: sent {expected[i]}, counted {lb2.Metrics.RejectedTotal(kinds[i].Reason)}");
        }

        Assert.Equal(Total, lb2.Metrics.RejectedTotal());
        Assert.Equal(0, lb1.Metrics.RejectedTotal());
        Assert.Equal(transitions, (lb1.Transitions.Count, lb2.Transitions.Count));
        Assert.True(lb1.IsMaster && lb2.IsBackup && _vips.OnlyOn(0));
        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(5), $"took {clock.Elapsed}");
    }

    public void Dispose()
    {
        if (PrivilegedFactAttribute.SkipReason is null)
        {
            _vips.Reset();
        }

        _vips.Dispose();
    }
}
