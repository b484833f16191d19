namespace Fulcrum.Core.Vrrp;

/// <summary>
/// The timer formulas of RFC 5798 §6.1 (v3) and RFC 3768 §6.1 (v2). Results are exact to the
/// tick (100 ns) rather than truncated to whole centiseconds, as keepalived keeps them in µs.
/// </summary>
public static class VrrpTimerIntervals
{
    private const int PriorityScale = 256;

    /// <summary>
    /// Skew_Time. v3: ((256 − Priority) × Master_Adver_Interval) / 256 (RFC 5798 §6.1).
    /// v2: (256 − Priority) / 256 seconds, independent of the interval (RFC 3768 §6.1).
    /// </summary>
    public static TimeSpan SkewTime(VrrpVersion version, byte priority, TimeSpan masterAdvertisementInterval)
    {
        var weight = PriorityScale - priority;
        var baseTicks = version == VrrpVersion.V3 ? masterAdvertisementInterval.Ticks : TimeSpan.TicksPerSecond;
        return TimeSpan.FromTicks(weight * baseTicks / PriorityScale);
    }

    /// <summary>Master_Down_Interval = 3 × Master_Adver_Interval + Skew_Time. RFC 5798 §6.1, RFC 3768 §6.1.</summary>
    public static TimeSpan MasterDownInterval(VrrpVersion version, byte priority, TimeSpan masterAdvertisementInterval) =>
        (3 * masterAdvertisementInterval) + SkewTime(version, priority, masterAdvertisementInterval);
}
