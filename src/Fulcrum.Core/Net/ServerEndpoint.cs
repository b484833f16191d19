using System.Net;

namespace Fulcrum.Core.Net;

/// <summary>
/// A real (or sorry) server: an address and an optional port. No port means the packet keeps
/// the destination port the client used, which is what a port-range service needs.
/// </summary>
public readonly record struct ServerEndpoint(IPAddress Address, ushort? Port)
{
    /// <summary>The config spelling, e.g. <c>192.168.20.11:80</c>, <c>192.168.20.11</c> or <c>[2001:db8::b]:80</c>.</summary>
    public override string ToString() =>
        Port is { } port ? $"{EndpointFormat.Host(Address)}:{port}" : Address.ToString();
}
