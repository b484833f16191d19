using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Fulcrum.Linux.Conntrack;

/// <summary>
/// One direction of a flow as conntrack keys it (CTA_TUPLE_ORIG / CTA_TUPLE_REPLY): addresses,
/// protocol and ports. For ICMP, as in the kernel's own tuple, <see cref="SourcePort"/> holds the
/// echo id and <see cref="DestinationPort"/> holds type &lt;&lt; 8 | code.
/// </summary>
/// <param name="Protocol">The IP protocol number (CTA_PROTO_NUM); <see cref="ProtocolType"/> values equal them.</param>
/// <param name="Source">CTA_IP_V4_SRC / CTA_IP_V6_SRC.</param>
/// <param name="SourcePort">CTA_PROTO_SRC_PORT in host order.</param>
/// <param name="Destination">CTA_IP_V4_DST / CTA_IP_V6_DST.</param>
/// <param name="DestinationPort">CTA_PROTO_DST_PORT in host order.</param>
public sealed record ConntrackTuple(ProtocolType Protocol, IPAddress Source, ushort SourcePort, IPAddress Destination, ushort DestinationPort)
{
    /// <summary>The source address and port.</summary>
    public IPEndPoint SourceEndPoint => new(Source, SourcePort);

    /// <summary>The destination address and port.</summary>
    public IPEndPoint DestinationEndPoint => new(Destination, DestinationPort);

    /// <summary>True when the protocol keys flows by ports (TCP, UDP, UDP-Lite, SCTP, DCCP).</summary>
    public bool HasPorts => HasPortsFor(Protocol);

    /// <summary><c>tcp 10.1.0.2:40000 -> 203.0.113.10:80</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{ConntrackProtocolNames.Of(Protocol)} {EndPointText(Source, SourcePort)} -> {EndPointText(Destination, DestinationPort)}");

    internal static bool HasPortsFor(ProtocolType protocol) =>
        protocol is ProtocolType.Tcp or ProtocolType.Udp or (ProtocolType)136 /* UDP-Lite */ or (ProtocolType)132 /* SCTP */ or (ProtocolType)33 /* DCCP */;

    private string EndPointText(IPAddress address, ushort port) => HasPorts
        ? new IPEndPoint(address, port).ToString()
        : address.ToString();
}
