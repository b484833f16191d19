namespace Fulcrum.Core.Config;

/// <summary>
/// Gratuitous ARP of the VIPs on becoming master (keepalived's <c>garp_master_repeat</c>,
/// <c>garp_interval</c>, <c>garp_master_refresh</c>).
/// </summary>
/// <param name="Count">Announcements per VIP when becoming master, 1-100.</param>
/// <param name="Interval">Time between those announcements, 0s-10s.</param>
/// <param name="Refresh">One more announcement per VIP this often while master; zero: never.</param>
public sealed record GratuitousArpConfig(int Count, TimeSpan Interval, TimeSpan Refresh)
{
    /// <summary>3 announcements 100 ms apart, no refresh.</summary>
    public static GratuitousArpConfig Default { get; } = new(3, TimeSpan.FromMilliseconds(100), TimeSpan.Zero);
}
