using System.Net;
using Fulcrum.Core.Config;
using Fulcrum.Core.Vrrp;
using Fulcrum.Integration.Tests.Lab;

namespace Fulcrum.Integration.Tests.Ha;

/// <summary>Two Fulcrum nodes in HMAC mode; forged adverts from the client's namespace are rejected, counted by reason, and move nothing.</summary>
[Collection(LabTestGroup.Name)]
public sealed class HaHmacTests(LabFixture fixture) : IDisposable
{
    private static readonly VrrpHmacKey Key = new("fulcrum-lab-hmac-key-0123456789ab"u8);
    private static readonly VrrpHmacKey WrongKey = new("fulcrum-lab-hmac-key-0123456789aB"u8);
    private static readonly IPAddress Lb1Public = IPAddress.Parse("203.0.113.1");
    private static readonly IPAddress Lb2Public = IPAddress.Parse("203.0.113.2");

    private readonly VipLocator _vips = HaKeepalivedInteropTests.CreateLocator(fixture);

    [PrivilegedFact]
    public async Task Hmac_pair_elects_a_master_and_ignores_forged_unsigned_and_replayed_adverts()
    {
        using var config = new HaLabConfig(3, "100ms", preempt: true);
        var cluster = config.Cluster with { Ha = config.Cluster.Ha with { Auth = new HaAuthConfig(HaAuthMode.Hmac, null, "/unused") } };
        var topology = fixture.Lab.Topology;
        await using var lb1 = await FulcrumNode.StartAsync(VrrpNodeOptionsFactory.Create(cluster.ForNode("lb1"), Key), topology.Balancers[0].Namespace);
        await using var lb2 = await FulcrumNode.StartAsync(VrrpNodeOptionsFactory.Create(cluster.ForNode("lb2"), Key), topology.Balancers[1].Namespace);
        Assert.True(await Eventually.TrueAsync(() => lb1.IsMaster && lb2.IsBackup && _vips.OnlyOn(0), HaKeepalivedInteropTests.Deadline(config)));
        // Init -> Backup -> Master for each of lb1's two instances, Init -> Backup for lb2's.
        Assert.True(
            await Eventually.TrueAsync(() => lb1.Transitions.Count == 4 && lb2.Transitions.Count == 2, TimeSpan.FromSeconds(5)),
            $"lb1: {string.Join(", ", lb1.Transitions.Select(t => $"{t.Instance} {t.From}->{t.To}"))}; lb2: {string.Join(", ", lb2.Transitions.Select(t => $"{t.Instance} {t.From}->{t.To}"))}");
        var transitions = (lb1.Transitions.Count, lb2.Transitions.Count);
        Assert.Equal(0, lb2.Metrics.RejectedTotal());

        // Priority 254 would take over at once if it were believed.
        var takeover = new VrrpAdvertisement(VrrpVersion.V3, 51, 254, 10, [VipLocator.PublicVip]);
        const int Each = 20;
        using var sender = new MalformedAdvertSender(topology.Client.Namespace, IPAddress.Parse("203.0.113.50"), Lb2Public);
        for (var i = 0; i < Each; i++)
        {
            sender.SendMessage(new VrrpPacketWriter(IPAddress.Parse("203.0.113.50"), hmac: WrongKey).Write(takeover, Lb2Public));
            sender.SendMessage(new VrrpPacketWriter(IPAddress.Parse("203.0.113.50")).Write(takeover, Lb2Public));

            // Signed with the real key as lb1, but a minute old: what a captured advert replayed looks like.
            var minuteAgo = new ShiftedClock(TimeSpan.FromMinutes(-1));
            sender.SendMessage(new VrrpPacketWriter(Lb1Public, hmac: Key, time: minuteAgo).Write(takeover, Lb2Public), source: Lb1Public);
        }

        Assert.True(
            await Eventually.TrueAsync(() => lb2.Metrics.RejectedTotal() >= 3 * Each, TimeSpan.FromSeconds(10)),
            $"lb2 rejected {lb2.Metrics.RejectedTotal()}");
        Assert.Equal(Each, lb2.Metrics.RejectedTotal(VrrpRejectReason.HmacInvalid));
        Assert.Equal(Each, lb2.Metrics.RejectedTotal(VrrpRejectReason.HmacMissing));
        Assert.Equal(Each, lb2.Metrics.RejectedTotal(VrrpRejectReason.HmacReplayed));
        Assert.Equal(3 * Each, lb2.Metrics.RejectedTotal());
        await Task.Delay(5 * config.Advert); // anything believed would have moved the VIPs by now
        Assert.True(lb1.IsMaster && lb2.IsBackup && _vips.OnlyOn(0));
        Assert.Equal(transitions, (lb1.Transitions.Count, lb2.Transitions.Count));
        Assert.True(lb1.Metrics.RejectedTotal() == 0, string.Join(", ", Enum.GetValues<VrrpRejectReason>().Where(r => lb1.Metrics.RejectedTotal(r) > 0).Select(r => $"{r} {lb1.Metrics.RejectedTotal(r)}")));
    }

    public void Dispose()
    {
        if (PrivilegedFactAttribute.SkipReason is null)
        {
            _vips.Reset();
        }

        _vips.Dispose();
    }

    private sealed class ShiftedClock(TimeSpan shift) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + shift;
    }
}
