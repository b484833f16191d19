using System.Net;
using CsCheck;
using Fulcrum.Core.Vrrp;
using static Fulcrum.Core.Tests.Vrrp.VrrpTestPackets;

namespace Fulcrum.Core.Tests.Vrrp;

public class VrrpReceiveFilterFuzzTests
{
    private static readonly VrrpSimplePasswordAuthentication Password = new("secret");

    private static VrrpReceiveFilter Filter(VrrpVersion version) => new(new VrrpReceiveFilterOptions
    {
        Version = version,
        VirtualRouterIds = new HashSet<byte> { 51 },
        Authentication = Password,
    });

    /// <summary>A filter that accepts <paramref name="advert"/> unmodified.</summary>
    private static VrrpReceiveFilter FilterFor(VrrpAdvertisement advert) => new(new VrrpReceiveFilterOptions
    {
        Version = advert.Version,
        VirtualRouterIds = new HashSet<byte> { advert.VirtualRouterId },
        Authentication = Password,
        V2AdvertisementInterval = advert.Interval,
    });

    private static readonly Gen<VrrpAdvertisement> Adverts =
        from version in Gen.OneOfConst(VrrpVersion.V2, VrrpVersion.V3)
        from vrid in Gen.Byte[1, 255]
        from priority in Gen.Byte
        from interval in version == VrrpVersion.V3 ? Gen.UShort[1, 4095] : Gen.UShort[1, 255].Select(s => (ushort)(s * 100))
        from addresses in Gen.UInt.Select(a => new IPAddress(a)).Array[1, 20]
        select new VrrpAdvertisement(version, vrid, priority, interval, addresses);

    [Fact]
    public void Random_bytes_never_throw()
    {
        var v2 = Filter(VrrpVersion.V2);
        var v3 = Filter(VrrpVersion.V3);

        Gen.Byte.Array[0, 120].Sample(bytes =>
        {
            v2.Check(bytes, out _);
            v3.Check(bytes, out _);
        });
    }

    [Fact]
    public void Random_vrrp_payloads_in_a_valid_ip_header_never_throw_and_accept_only_consistent_adverts()
    {
        var v3 = Filter(VrrpVersion.V3);

        Gen.Byte.Array[0, 80].Sample(payload =>
        {
            var reason = v3.Check(WrapInIpv4(payload), out var advert);
            Assert.Equal(reason == VrrpRejectReason.None, advert is not null);
        });
    }

    [Fact]
    public void Any_single_byte_mutation_of_a_valid_datagram_is_accepted_identically_or_rejected_with_a_reason()
    {
        var cases =
            from advert in Adverts
            from index in Gen.Int[0, 20 + VrrpPacketWriter.GetLength(advert) - 1]
            from value in Gen.Byte
            select (advert, index, value);

        cases.Sample(c =>
        {
            var (advert, index, value) = c;
            var datagram = WrapInIpv4(new VrrpPacketWriter(Lb1, Password).Write(advert, Group));
            datagram[index] = value;

            var reason = FilterFor(advert).Check(datagram, out var read);

            if (reason == VrrpRejectReason.None)
            {
                Assert.Equal(advert, read);
            }
            else
            {
                Assert.Null(read);
            }
        });
    }

    [Fact]
    public void Every_valid_advert_round_trips()
    {
        Adverts.Sample(advert =>
        {
            var datagram = WrapInIpv4(new VrrpPacketWriter(Lb1, Password).Write(advert, Group));

            var reason = FilterFor(advert).Check(datagram, out var read);

            Assert.Equal(VrrpRejectReason.None, reason);
            Assert.Equal(advert, read);
        });
    }
}
