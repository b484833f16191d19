using System.Globalization;
using Fulcrum.Core.Net;

namespace Fulcrum.Core.Firewall.Terms;

/// <summary><c>meta l4proto tcp</c>: the IP protocol number.</summary>
public sealed record ProtocolTerm(byte Number) : FirewallTerm
{
    /// <summary>IPPROTO_ICMP.</summary>
    public const byte Icmp = 1;

    /// <summary>IPPROTO_TCP.</summary>
    public const byte Tcp = 6;

    /// <summary>IPPROTO_UDP.</summary>
    public const byte Udp = 17;

    /// <summary>IPPROTO_ICMPV6.</summary>
    public const byte Icmpv6 = 58;

    /// <summary>IPPROTO_VRRP (112).</summary>
    public const byte Vrrp = 112;

    /// <summary>The term for a TCP or UDP protocol.</summary>
    public static ProtocolTerm Of(L4Protocol protocol) => new(protocol == L4Protocol.Tcp ? Tcp : Udp);

    /// <inheritdoc />
    public override string ToString() => "meta l4proto " + Number switch
    {
        Icmp => "icmp",
        Tcp => "tcp",
        Udp => "udp",
        Icmpv6 => "ipv6-icmp",
        Vrrp => "vrrp",
        _ => Number.ToString(CultureInfo.InvariantCulture),
    };
}
