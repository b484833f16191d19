using System.Net;
using Fulcrum.Core.Vrrp;
using Microsoft.Extensions.Time.Testing;
using static Fulcrum.Core.Tests.Vrrp.VrrpTestPackets;

namespace Fulcrum.Core.Tests.Vrrp;

public class VrrpInstanceOptionsTests
{
    private static readonly VrrpInstanceOptions Valid = new()
    {
        Name = "public",
        VirtualRouterId = 51,
        Priority = 150,
        PrimaryAddress = Lb1,
        VirtualAddresses = [PublicVip],
    };

    [Fact]
    public void Valid_options_have_no_errors() => Assert.Empty(Valid.Validate());

    [Fact]
    public void Priority_255_is_refused_because_fulcrum_never_owns_its_addresses()
    {
        var error = Assert.Single((Valid with { Priority = 255 }).Validate());

        Assert.Contains("255", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(VrrpVersion.V3, 5)]       // below one centisecond
    [InlineData(VrrpVersion.V3, 15)]      // not whole centiseconds
    [InlineData(VrrpVersion.V3, 41_000)]  // above 4095 cs
    [InlineData(VrrpVersion.V2, 1_500)]   // not whole seconds
    [InlineData(VrrpVersion.V2, 256_000)] // above 255 s
    public void Intervals_the_wire_cannot_carry_are_refused(VrrpVersion version, int milliseconds)
    {
        var options = Valid with { Version = version, AdvertisementInterval = TimeSpan.FromMilliseconds(milliseconds) };

        Assert.Single(options.Validate());
    }

    [Fact]
    public void Every_error_is_reported_at_once()
    {
        var options = Valid with
        {
            Name = "",
            VirtualRouterId = 0,
            Priority = 0,
            PreemptDelay = TimeSpan.FromSeconds(-1),
            PrimaryAddress = IPAddress.IPv6Loopback,
            VirtualAddresses = [],
        };

        Assert.Equal(6, options.Validate().Count);
    }

    [Fact]
    public void An_instance_refuses_invalid_options_listing_the_problems()
    {
        var exception = Assert.Throws<ArgumentException>(() => new VrrpInstance(Valid with { Priority = 255 }, new FakeTimeProvider()));

        Assert.Contains("'public'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("priority 255 is reserved", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Centisecond_intervals_are_carried_exactly() =>
        Assert.Equal(35, (Valid with { AdvertisementInterval = TimeSpan.FromMilliseconds(350) }).AdvertisementIntervalCentiseconds);
}
