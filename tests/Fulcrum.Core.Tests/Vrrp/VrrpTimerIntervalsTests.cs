using Fulcrum.Core.Vrrp;

namespace Fulcrum.Core.Tests.Vrrp;

public class VrrpTimerIntervalsTests
{
    [Theory]
    // v3: ((256 − P) × Master_Adver_Interval) / 256. RFC 5798 §6.1.
    [InlineData(VrrpVersion.V3, 100, 100, 6_093_750)]   // 156/256 s
    [InlineData(VrrpVersion.V3, 150, 100, 4_140_625)]   // 106/256 s
    [InlineData(VrrpVersion.V3, 254, 100, 78_125)]      // 2/256 s
    [InlineData(VrrpVersion.V3, 100, 10, 609_375)]      // scales with a 100 ms interval
    // v2: (256 − P) / 256 s, whatever the interval. RFC 3768 §6.1.
    [InlineData(VrrpVersion.V2, 100, 100, 6_093_750)]
    [InlineData(VrrpVersion.V2, 100, 300, 6_093_750)]
    public void Skew_time_follows_the_rfc_formula(VrrpVersion version, byte priority, int intervalCentiseconds, long expectedTicks)
    {
        var skew = VrrpTimerIntervals.SkewTime(version, priority, TimeSpan.FromMilliseconds(intervalCentiseconds * 10));

        Assert.Equal(TimeSpan.FromTicks(expectedTicks), skew);
    }

    [Theory]
    [InlineData(VrrpVersion.V3, 100, 100, 36_093_750)]
    [InlineData(VrrpVersion.V3, 150, 50, 17_070_312)]   // 1.5 s + 106 × 0.5 s / 256, to the tick
    [InlineData(VrrpVersion.V2, 100, 300, 96_093_750)]  // 9 s + 156/256 s
    public void Master_down_interval_is_three_intervals_plus_skew(VrrpVersion version, byte priority, int intervalCentiseconds, long expectedTicks)
    {
        var interval = VrrpTimerIntervals.MasterDownInterval(version, priority, TimeSpan.FromMilliseconds(intervalCentiseconds * 10));

        Assert.Equal(TimeSpan.FromTicks(expectedTicks), interval);
    }
}
