using System.Globalization;
using System.Net.Sockets;

namespace Fulcrum.Linux.Conntrack;

/// <summary>Protocol names as <c>conntrack -L</c> prints them.</summary>
internal static class ConntrackProtocolNames
{
    public static string Of(ProtocolType protocol) => protocol switch
    {
        ProtocolType.Tcp => "tcp",
        ProtocolType.Udp => "udp",
        ProtocolType.Icmp => "icmp",
        ProtocolType.IcmpV6 => "icmpv6",
        (ProtocolType)132 => "sctp",
        (ProtocolType)136 => "udplite",
        (ProtocolType)33 => "dccp",
        _ => "proto " + ((int)protocol).ToString(CultureInfo.InvariantCulture),
    };
}
