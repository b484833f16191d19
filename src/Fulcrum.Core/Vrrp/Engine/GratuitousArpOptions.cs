namespace Fulcrum.Core.Vrrp;

/// <summary>
/// Gratuitous ARP on becoming master (RFC 5798 §6.4.1): <see cref="Count"/> announcements per VIP,
/// <see cref="Interval"/> apart, then one more round every <see cref="Refresh"/> while master
/// (zero: never), as keepalived's <c>garp_master_repeat</c>, <c>garp_interval</c> and <c>garp_master_refresh</c>.
/// </summary>
public sealed record GratuitousArpOptions
{
    /// <summary>Announcements per VIP when becoming master, 1–100.</summary>
    public int Count { get; init; } = 3;

    /// <summary>Time between announcements of one round.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Period of repeated rounds while master; zero turns them off.</summary>
    public TimeSpan Refresh { get; init; } = TimeSpan.Zero;
}
