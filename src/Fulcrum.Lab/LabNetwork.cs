using System.Net;

namespace Fulcrum.Lab;

/// <summary>One of the two lab networks: a bridge in the switch namespace and its IPv4 subnet.</summary>
/// <param name="Bridge">Name of the Linux bridge inside the switch namespace.</param>
/// <param name="Subnet">Network address of the subnet.</param>
/// <param name="PrefixLength">Subnet prefix length.</param>
/// <param name="Vip">The floating address of this network (held by the active balancer in later issues).</param>
public sealed record LabNetwork(string Bridge, IPAddress Subnet, int PrefixLength, IPAddress Vip)
{
    /// <summary>Public network, 203.0.113.0/24 (RFC 5737 TEST-NET-3), where clients are.</summary>
    public static LabNetwork Public { get; } =
        new("public", IPAddress.Parse("203.0.113.0"), 24, IPAddress.Parse("203.0.113.100"));

    /// <summary>Private network, 192.168.20.0/24, where the real servers are.</summary>
    public static LabNetwork Private { get; } =
        new("private", IPAddress.Parse("192.168.20.0"), 24, IPAddress.Parse("192.168.20.254"));

    /// <summary>The address with the given host number in this subnet (e.g. 11 → 192.168.20.11).</summary>
    public IPAddress Host(int hostNumber)
    {
        var bytes = Subnet.GetAddressBytes();
        bytes[3] = checked((byte)hostNumber);
        return new IPAddress(bytes);
    }
}
