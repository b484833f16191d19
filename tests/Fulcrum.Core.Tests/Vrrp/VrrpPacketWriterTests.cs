using System.Net;
using Fulcrum.Core.Vrrp;
using static Fulcrum.Core.Tests.Vrrp.VrrpTestPackets;

namespace Fulcrum.Core.Tests.Vrrp;

public class VrrpPacketWriterTests
{
    // v3 checksum by hand (RFC 1071), pseudo-header then message, checksum field zero:
    //   pseudo: CB00 + 7101 + E000 + 0012 + 0070 (zero, proto 112) + 000C (length 12) = 0x21C8F
    //   vrrp:   3133 + 9601 + 0064 + 0000 + CB00 + 7164                               = 0x203FC
    //   total 0x4208B, folded 0x208F, complemented 0xDF70.
    [Fact]
    public void V3_advert_matches_hand_computed_bytes()
    {
        var bytes = new VrrpPacketWriter(Lb1).Write(SeedAdvert(), Group);

        Assert.Equal(GoldenV3Message(), bytes);
    }

    // v2 checksum over the message alone (RFC 3768 §5.3.8), password "secret" zero padded:
    //   2133 + 9601 + 0101 + CB00 + 7164 + 7365 + 6372 + 6574 + 0000 = 0x330E5 → 0x30E7 → ~ = 0xCF18.
    [Fact]
    public void V2_advert_with_simple_password_matches_hand_computed_bytes()
    {
        var writer = new VrrpPacketWriter(Lb1, new VrrpSimplePasswordAuthentication("secret"));

        var bytes = writer.Write(SeedAdvert(VrrpVersion.V2), Group);

        Assert.Equal(GoldenV2PasswordMessage(), bytes);
    }

    [Fact]
    public void V2_advert_without_authentication_sends_zero_auth_data()
    {
        var bytes = new VrrpPacketWriter(Lb1).Write(SeedAdvert(VrrpVersion.V2), Group);

        Assert.Equal(20, bytes.Length);
        Assert.Equal(0, bytes[4]);
        Assert.All(bytes[12..], b => Assert.Equal(0, b));
        Assert.Equal([0x0C, 0x65], bytes[6..8]);
    }

    [Fact]
    public void V3_checksum_covers_the_destination_of_the_pseudo_header()
    {
        var writer = new VrrpPacketWriter(Lb1);

        var multicast = writer.Write(SeedAdvert(), Group);
        var unicast = writer.Write(SeedAdvert(), Lb2);

        Assert.NotEqual(multicast[6..8], unicast[6..8]);
        Assert.Equal(multicast[..6], unicast[..6]);
    }

    [Theory]
    [InlineData(VrrpVersion.V3)]
    [InlineData(VrrpVersion.V2)]
    public void Written_adverts_read_back_identically(VrrpVersion version)
    {
        var advert = new VrrpAdvertisement(version, 7, 200, 300, [PublicVip, IPAddress.Parse("192.168.20.254")]);
        var authentication = new VrrpSimplePasswordAuthentication("pw");
        var filter = new VrrpReceiveFilter(new VrrpReceiveFilterOptions
        {
            Version = version,
            VirtualRouterIds = new HashSet<byte> { 7 },
            Authentication = authentication,
            V2AdvertisementInterval = TimeSpan.FromSeconds(3),
        });

        var message = new VrrpPacketWriter(Lb1, authentication).Write(advert, Group);
        var reason = filter.Check(WrapInIpv4(message), out var read, out var source);

        Assert.Equal(VrrpRejectReason.None, reason);
        Assert.Equal(advert, read);
        Assert.Equal(Lb1, source);
    }

    [Fact]
    public void Writes_into_a_larger_buffer_and_returns_the_length()
    {
        var buffer = new byte[64];

        var length = new VrrpPacketWriter(Lb1).Write(SeedAdvert(), Group, buffer);

        Assert.Equal(12, length);
        Assert.Equal(GoldenV3Message(), buffer[..length]);
    }

    public static TheoryData<VrrpAdvertisement> InvalidAdverts() => new()
    {
        new VrrpAdvertisement(VrrpVersion.V3, 0, 100, 100, [PublicVip]),
        new VrrpAdvertisement(VrrpVersion.V3, 1, 100, 100, []),
        new VrrpAdvertisement(VrrpVersion.V3, 1, 100, 0, [PublicVip]),
        new VrrpAdvertisement(VrrpVersion.V3, 1, 100, 4096, [PublicVip]),
        new VrrpAdvertisement(VrrpVersion.V2, 1, 100, 150, [PublicVip]),
        new VrrpAdvertisement(VrrpVersion.V2, 1, 100, 25600, [PublicVip]),
        new VrrpAdvertisement(VrrpVersion.V3, 1, 100, 100, [IPAddress.IPv6Loopback]),
        new VrrpAdvertisement((VrrpVersion)4, 1, 100, 100, [PublicVip]),
    };

    [Theory]
    [MemberData(nameof(InvalidAdverts))]
    public void Refuses_adverts_the_wire_format_cannot_carry(VrrpAdvertisement advert)
    {
        var writer = new VrrpPacketWriter(Lb1);

        Assert.Throws<ArgumentException>(() => writer.Write(advert, Group));
    }

    [Fact]
    public void Refuses_a_too_small_buffer() =>
        Assert.Throws<ArgumentException>(() => new VrrpPacketWriter(Lb1).Write(SeedAdvert(), Group, new byte[11]));

    [Fact]
    public void Refuses_passwords_longer_than_eight_bytes() =>
        Assert.Throws<ArgumentException>(() => new VrrpSimplePasswordAuthentication("ninebytes"));
}
