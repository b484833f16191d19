using System.Globalization;

namespace Fulcrum.Core.Firewall.Terms;

/// <summary><c>icmp type echo-request</c> / <c>icmpv6 type nd-neighbor-solicit</c> (after a <see cref="ProtocolTerm"/>).</summary>
public sealed record IcmpTypeTerm(bool V6, byte Type) : FirewallTerm
{
    /// <summary>ICMP echo request (RFC 792).</summary>
    public const byte EchoRequest = 8;

    /// <summary>ICMPv6 types of neighbour and router discovery (RFC 4861): 133-136.</summary>
    public static IReadOnlyList<byte> NeighbourDiscovery { get; } = [133, 134, 135, 136];

    /// <inheritdoc />
    public override string ToString() => (V6, Type) switch
    {
        (false, EchoRequest) => "icmp type echo-request",
        (true, 133) => "icmpv6 type nd-router-solicit",
        (true, 134) => "icmpv6 type nd-router-advert",
        (true, 135) => "icmpv6 type nd-neighbor-solicit",
        (true, 136) => "icmpv6 type nd-neighbor-advert",
        _ => $"{(V6 ? "icmpv6" : "icmp")} type {Type.ToString(CultureInfo.InvariantCulture)}",
    };
}
