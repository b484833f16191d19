using System.Net;

namespace Fulcrum.Core.Net;

/// <summary>Where a virtual service accepts traffic: a VIP, a port range and a protocol.</summary>
public readonly record struct ListenEndpoint(IPAddress Address, PortRange Ports, L4Protocol Protocol)
{
    /// <summary>True when the two endpoints could receive the same packet.</summary>
    public bool Overlaps(ListenEndpoint other) =>
        Protocol == other.Protocol && Address.Equals(other.Address) && Ports.Overlaps(other.Ports);

    /// <summary>Parses the config spelling that <see cref="ToString"/> writes.</summary>
    public static bool TryParse(string text, out ListenEndpoint listen) =>
        Config.Text.EndpointText.TryParseListen(text ?? string.Empty, out listen, out _);

    /// <summary>The config spelling, e.g. <c>203.0.113.100:80/tcp</c> or <c>[2001:db8::1]:*/udp</c>.</summary>
    public override string ToString() =>
        $"{EndpointFormat.Host(Address)}:{Ports}/{(Protocol == L4Protocol.Tcp ? "tcp" : "udp")}";
}
