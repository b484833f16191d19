namespace Fulcrum.Core.Net;

/// <summary>A protocol and port range, as in a firewall rule: <c>tcp/443</c>, <c>udp/6000-6100</c>.</summary>
public readonly record struct PortRule(L4Protocol Protocol, PortRange Ports)
{
    /// <summary>The config spelling, e.g. <c>tcp/443</c>.</summary>
    public override string ToString() => $"{(Protocol == L4Protocol.Tcp ? "tcp" : "udp")}/{Ports}";
}
