using System.Net;

namespace Fulcrum.Core.Vrrp;

/// <summary>
/// The kernel's interfaces and IPv4 addresses, as VRRP needs them (rtnetlink in production, a
/// recording fake in tests). Names follow <c>ip</c>: <c>ip link show</c>, <c>ip addr add/del</c>.
/// </summary>
public interface IAddressControl
{
    /// <summary>The interface's index, hardware address and state (<c>ip link show NAME</c>).</summary>
    /// <exception cref="InvalidOperationException">There is no such interface.</exception>
    LinkStatus GetLink(string interfaceName);

    /// <summary>The IPv4 addresses on the interface (<c>ip -4 addr show dev NAME</c>).</summary>
    IReadOnlyList<InterfaceAddress> GetAddresses(string interfaceName);

    /// <summary>Adds <paramref name="address"/>/<paramref name="prefixLength"/> (<c>ip addr add</c>); false when it was already there.</summary>
    bool AddAddress(string interfaceName, IPAddress address, int prefixLength);

    /// <summary>Removes <paramref name="address"/>/<paramref name="prefixLength"/> (<c>ip addr del</c>); false when it was not there.</summary>
    bool RemoveAddress(string interfaceName, IPAddress address, int prefixLength);
}
