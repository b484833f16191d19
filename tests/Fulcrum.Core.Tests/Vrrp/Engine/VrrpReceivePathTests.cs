using System.Diagnostics.Metrics;
using Fulcrum.Core.Vrrp;
using Microsoft.Extensions.Time.Testing;

namespace Fulcrum.Core.Tests.Vrrp.Engine;

public sealed class VrrpReceivePathTests
{
    [Fact]
    public void Every_rejection_is_counted_by_reason_and_logged_at_most_once_per_interval_with_the_number_suppressed()
    {
        using var meters = new TestMeterFactory();
        var metrics = new VrrpMetrics(meters);
        var logger = new RecordingLogger();
        var time = new FakeTimeProvider();
        var path = new VrrpReceivePath("eth0", new VrrpReceiveFilter(new VrrpReceiveFilterOptions { VirtualRouterIds = new HashSet<byte> { 51 } }), metrics, logger, time);
        long counted = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == VrrpMetrics.MeterName && instrument.Name == "adverts.rejected")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            Assert.Contains(tags.ToArray(), t => t.Key == "reason" && (string?)t.Value == nameof(VrrpRejectReason.BadTtl));
            counted += value;
        });
        listener.Start();

        var badTtl = VrrpTestPackets.WrapInIpv4(VrrpTestPackets.GoldenV3Message(), ttl: 254);
        for (var i = 0; i < 1000; i++)
        {
            Assert.False(path.TryAccept(badTtl, out _, out _));
        }

        Assert.Equal(1000, metrics.RejectedTotal(VrrpRejectReason.BadTtl));
        Assert.Equal(1000, counted);
        Assert.Single(logger.Entries);

        time.Advance(VrrpReceivePath.LogInterval);
        Assert.False(path.TryAccept(badTtl, out _, out _));
        Assert.Equal(2, logger.Entries.Count);
        Assert.Contains("(999 more since the last report)", logger.Entries[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_accepted_advert_is_returned_with_its_source_and_not_counted_as_rejected()
    {
        using var meters = new TestMeterFactory();
        var metrics = new VrrpMetrics(meters);
        var path = new VrrpReceivePath("eth0", new VrrpReceiveFilter(new VrrpReceiveFilterOptions { VirtualRouterIds = new HashSet<byte> { 51 } }), metrics, new RecordingLogger(), new FakeTimeProvider());
        var datagram = VrrpTestPackets.WrapInIpv4(new VrrpPacketWriter(VrrpTestPackets.Lb1).Write(new VrrpAdvertisement(VrrpVersion.V3, 51, 150, 10, [VrrpTestPackets.PublicVip]), VrrpTestPackets.Group));

        Assert.True(path.TryAccept(datagram, out var advertisement, out var source));
        Assert.Equal(150, advertisement!.Priority);
        Assert.Equal(VrrpTestPackets.Lb1, source);
        Assert.Equal(0, metrics.RejectedTotal());
    }
}
