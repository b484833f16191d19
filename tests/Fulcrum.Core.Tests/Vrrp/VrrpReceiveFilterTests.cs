using System.Buffers.Binary;
using System.Net;
using Fulcrum.Core.Vrrp;
using static Fulcrum.Core.Tests.Vrrp.VrrpTestPackets;

namespace Fulcrum.Core.Tests.Vrrp;

public class VrrpReceiveFilterTests
{
    private static readonly VrrpReceiveFilterOptions V3Options = new() { VirtualRouterIds = new HashSet<byte> { 51 } };

    private static readonly VrrpReceiveFilterOptions V2Options = new()
    {
        Version = VrrpVersion.V2,
        VirtualRouterIds = new HashSet<byte> { 51 },
        Authentication = new VrrpSimplePasswordAuthentication("secret"),
    };

    private sealed record RejectCase(VrrpReceiveFilterOptions Options, byte[] Datagram, byte[]? AcceptedBefore = null);

    private static readonly DateTimeOffset HmacNow = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);

    private static readonly VrrpHmacKey HmacKey = new("0123456789abcdef0123456789abcdef"u8);

    private static readonly VrrpReceiveFilterOptions HmacOptions = V3Options with
    {
        Hmac = HmacKey,
        Time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(HmacNow),
    };

    private static byte[] Signed(VrrpHmacKey key, DateTimeOffset at) =>
        WrapInIpv4(new VrrpPacketWriter(Lb1, hmac: key, time: new Microsoft.Extensions.Time.Testing.FakeTimeProvider(at)).Write(SeedAdvert(), Group));

    private static byte[] V3() => WrapInIpv4(GoldenV3Message());

    private static byte[] V2() => WrapInIpv4(GoldenV2PasswordMessage());

    private static byte[] Edit(byte[] datagram, Action<byte[]> edit)
    {
        var copy = (byte[])datagram.Clone();
        edit(copy);
        return copy;
    }

    private static byte[] EditVrrp(byte[] datagram, Action<byte[]> edit)
    {
        var copy = (byte[])datagram.Clone();
        edit(copy);
        return FixVrrpChecksum(copy);
    }

    private static byte[] WithVrrpLength(ReadOnlySpan<byte> message) => WrapInIpv4(message);

    private static readonly Dictionary<VrrpRejectReason, RejectCase> Cases = new()
    {
        [VrrpRejectReason.None] = new(V3Options, V3()),
        [VrrpRejectReason.TooShortForIpHeader] = new(V3Options, V3()[..19]),
        [VrrpRejectReason.NotIpv4] = new(V3Options, Edit(V3(), d => d[0] = 0x65)),
        [VrrpRejectReason.BadIpHeaderLength] = new(V3Options, Edit(V3(), d => d[0] = 0x44)),
        [VrrpRejectReason.IpTotalLengthMismatch] = new(V3Options, [.. V3(), 0]),
        [VrrpRejectReason.NotVrrpProtocol] = new(V3Options, WrapInIpv4(GoldenV3Message(), protocol: 17)),
        [VrrpRejectReason.BadTtl] = new(V3Options, WrapInIpv4(GoldenV3Message(), ttl: 254)),
        [VrrpRejectReason.TruncatedVrrpHeader] = new(V3Options, WithVrrpLength(GoldenV3Message().AsSpan(0, 7))),
        [VrrpRejectReason.UnsupportedVersion] = new(V3Options, EditVrrp(V3(), d => d[20] = 0x41)),
        [VrrpRejectReason.VersionMismatch] = new(V3Options, WrapInIpv4(new VrrpPacketWriter(Lb1).Write(SeedAdvert(VrrpVersion.V2), Group))),
        [VrrpRejectReason.UnknownType] = new(V3Options, EditVrrp(V3(), d => d[20] = 0x32)),
        [VrrpRejectReason.AddressCountOutOfRange] = new(V3Options, EditVrrp(WithVrrpLength(GoldenV3Message().AsSpan(0, 8)), d => d[23] = 0)),
        [VrrpRejectReason.TruncatedVrrpPacket] = new(V3Options, EditVrrp(V3(), d => d[23] = 2)),
        [VrrpRejectReason.OversizedVrrpPacket] = new(V3Options, FixVrrpChecksum(WithVrrpLength([.. GoldenV3Message(), 10, 0, 0, 1]))),
        [VrrpRejectReason.BadChecksum] = new(V3Options, Corrupt(V3(), 27)),
        [VrrpRejectReason.ZeroAdvertInterval] = new(V3Options, EditVrrp(V3(), d => BinaryPrimitives.WriteUInt16BigEndian(d.AsSpan(24), 0xF000))),
        [VrrpRejectReason.UnknownVirtualRouterId] = new(V3Options with { VirtualRouterIds = new HashSet<byte> { 52 } }, V3()),
        [VrrpRejectReason.SourceNotConfiguredPeer] = new(V3Options with { UnicastPeers = new HashSet<IPAddress> { Lb2 } }, V3()),
        [VrrpRejectReason.AuthTypeMismatch] = new(V2Options, WrapInIpv4(new VrrpPacketWriter(Lb1).Write(SeedAdvert(VrrpVersion.V2), Group))),
        [VrrpRejectReason.AuthenticationFailed] = new(V2Options with { Authentication = new VrrpSimplePasswordAuthentication("Secret") }, V2()),
        [VrrpRejectReason.AdvertIntervalMismatch] = new(V2Options with { V2AdvertisementInterval = TimeSpan.FromSeconds(2) }, V2()),
        [VrrpRejectReason.HmacMissing] = new(HmacOptions, V3()),
        [VrrpRejectReason.HmacInvalid] = new(HmacOptions, Signed(new VrrpHmacKey("0123456789abcdef0123456789abcdeF"u8), HmacNow)),
        [VrrpRejectReason.HmacReplayed] = new(HmacOptions, Signed(HmacKey, HmacNow), AcceptedBefore: Signed(HmacKey, HmacNow)),
        [VrrpRejectReason.HmacClockSkew] = new(HmacOptions, Signed(HmacKey, HmacNow.AddSeconds(-31))),
    };

    private static byte[] Corrupt(byte[] datagram, int index)
    {
        datagram[index] ^= 0x01;
        return datagram;
    }

    public static TheoryData<VrrpRejectReason> AllReasons() => new(Enum.GetValues<VrrpRejectReason>());

    [Theory]
    [MemberData(nameof(AllReasons))]
    public void Each_reject_reason_is_reported_for_its_fault(VrrpRejectReason expected)
    {
        var (options, datagram, before) = Cases[expected];
        var filter = new VrrpReceiveFilter(options);
        if (before is not null)
        {
            Assert.Equal(VrrpRejectReason.None, filter.Check(before, out _));
        }

        var reason = filter.Check(datagram, out var advert);

        Assert.Equal(expected, reason);
        Assert.Equal(expected == VrrpRejectReason.None, advert is not null);
    }

    [Fact]
    public void Accepts_the_seed_advert_with_its_fields()
    {
        var reason = new VrrpReceiveFilter(V3Options).Check(V3(), out var advert, out var source);

        Assert.Equal(VrrpRejectReason.None, reason);
        Assert.Equal(SeedAdvert(), advert);
        Assert.Equal(TimeSpan.FromSeconds(1), advert!.Interval);
        Assert.Equal(Lb1, source);
    }

    [Fact]
    public void Accepts_v2_with_the_right_password()
    {
        Assert.Equal(VrrpRejectReason.None, new VrrpReceiveFilter(V2Options).Check(V2(), out var advert));
        Assert.Equal(SeedAdvert(VrrpVersion.V2), advert);
    }

    [Fact]
    public void V2_without_authentication_ignores_the_auth_data_on_reception()
    {
        // RFC 3768 §5.3.10: set to zero on transmission, ignored on reception.
        var datagram = EditVrrp(WrapInIpv4(new VrrpPacketWriter(Lb1).Write(SeedAdvert(VrrpVersion.V2), Group)), d => d[39] = 0x5A);
        var filter = new VrrpReceiveFilter(V2Options with { Authentication = VrrpNoAuthentication.Instance });

        Assert.Equal(VrrpRejectReason.None, filter.Check(datagram, out _));
    }

    [Fact]
    public void Ignores_v3_reserved_bits_and_reads_the_12_bit_interval()
    {
        var datagram = EditVrrp(V3(), d => d[24] = 0xF0);

        Assert.Equal(VrrpRejectReason.None, new VrrpReceiveFilter(V3Options).Check(datagram, out var advert));
        Assert.Equal(100, advert!.IntervalCentiseconds);
    }

    [Fact]
    public void Reads_past_ip_options()
    {
        var datagram = WrapInIpv4(GoldenV3Message(), optionWords: 1);

        Assert.Equal(VrrpRejectReason.None, new VrrpReceiveFilter(V3Options).Check(datagram, out var advert));
        Assert.Equal(SeedAdvert(), advert);
    }

    [Fact]
    public void Ttl_is_not_checked_when_the_configuration_says_so()
    {
        var filter = new VrrpReceiveFilter(V3Options with { UnicastPeers = new HashSet<IPAddress> { Lb1 }, RequireMaximumTtl = false });
        var datagram = FixVrrpChecksum(WrapInIpv4(GoldenV3Message(), destination: Lb2, ttl: 62));

        Assert.Equal(VrrpRejectReason.None, filter.Check(datagram, out _));
    }

    [Fact]
    public void V3_checksum_fails_when_the_source_was_rewritten()
    {
        // The pseudo-header makes the v3 checksum depend on the IP source. RFC 5798 §5.2.8.
        var datagram = WrapInIpv4(GoldenV3Message(), source: Lb2);

        Assert.Equal(VrrpRejectReason.BadChecksum, new VrrpReceiveFilter(V3Options).Check(datagram, out _));
    }

    [Fact]
    public void Address_count_above_the_configured_limit_is_rejected()
    {
        var advert = SeedAdvert() with { Addresses = [PublicVip, Lb2] };
        var datagram = WrapInIpv4(new VrrpPacketWriter(Lb1).Write(advert, Group));

        var reason = new VrrpReceiveFilter(V3Options with { MaximumAddressCount = 1 }).Check(datagram, out _);

        Assert.Equal(VrrpRejectReason.AddressCountOutOfRange, reason);
    }

    [Fact]
    public void A_large_ip_header_length_beyond_the_datagram_is_rejected()
    {
        var datagram = V3()[..20];
        datagram[0] = 0x4F;

        Assert.Equal(VrrpRejectReason.BadIpHeaderLength, new VrrpReceiveFilter(V3Options).Check(datagram, out _));
    }

    [Fact]
    public void Refuses_a_filter_without_virtual_routers() =>
        Assert.Throws<ArgumentException>(() => new VrrpReceiveFilter(V3Options with { VirtualRouterIds = new HashSet<byte>() }));

    [Fact]
    public void Refuses_a_v2_filter_with_a_fractional_interval() =>
        Assert.Throws<ArgumentException>(() => new VrrpReceiveFilter(V2Options with { V2AdvertisementInterval = TimeSpan.FromMilliseconds(1500) }));
}
