using System.Net.NetworkInformation;

namespace Fulcrum.Core.Vrrp;

/// <summary>An interface as the kernel reports it (RTM_NEWLINK): what tracking and announcements need.</summary>
/// <param name="Name">Interface name.</param>
/// <param name="Index">ifindex.</param>
/// <param name="HardwareAddress">The MAC address, or null for interfaces without one.</param>
/// <param name="IsUp">IFF_UP: administratively up.</param>
/// <param name="IsRunning">IFF_RUNNING: the carrier is present and the link is operational.</param>
public sealed record LinkStatus(string Name, int Index, PhysicalAddress? HardwareAddress, bool IsUp, bool IsRunning)
{
    /// <summary>Up and running: the link can carry adverts and traffic.</summary>
    public bool IsUsable => IsUp && IsRunning;
}
