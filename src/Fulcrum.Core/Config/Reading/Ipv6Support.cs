using System.Net;
using System.Net.Sockets;
using Fulcrum.Core.Config.Yaml;

namespace Fulcrum.Core.Config.Reading;

/// <summary>
/// The model holds IPv6 addresses, but the first data-plane engine does not: IPv6 is reported
/// once where it appears, and not again as "outside the network" noise.
/// </summary>
internal static class Ipv6Support
{
    public const string NotSupported = "IPv6 is not supported by the nftables engine yet";

    public static bool IsIpv6(IPAddress address) => address.AddressFamily == AddressFamily.InterNetworkV6;

    /// <summary>
    /// True when <paramref name="address"/> is IPv6 (so range checks should be skipped). It is
    /// reported here unless its network is IPv6, whose prefix was already reported.
    /// </summary>
    public static bool CheckAddress(IPAddress address, NetworkConfig? network, SourceMark at, DiagnosticBag diagnostics)
    {
        if (!IsIpv6(address))
        {
            return false;
        }

        if (network is null || !IsIpv6(network.Prefix.BaseAddress))
        {
            diagnostics.Error(at, NotSupported);
        }

        return true;
    }
}
