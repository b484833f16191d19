using System.Net;
using System.Net.Sockets;

namespace Fulcrum.Core.Net;

/// <summary>Shared spelling rules for endpoints.</summary>
internal static class EndpointFormat
{
    /// <summary>IPv6 addresses are bracketed so the port separator stays unambiguous.</summary>
    public static string Host(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
}
