using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Fulcrum.Core.Net;

namespace Fulcrum.Linux.Conntrack;

/// <summary>
/// The flows one virtual service DNAT'ed to one real server: the original destination is the VIP
/// and a port in the service's range, the reply source is the real server (and its port, when given).
/// Equivalent of <c>conntrack -L -p tcp --orig-dst VIP --reply-src RS [--reply-port-src PORT]</c>
/// plus the port range, which <c>conntrack</c> cannot express.
/// </summary>
/// <param name="Protocol">The service's protocol.</param>
/// <param name="VirtualAddress">The VIP: the original destination.</param>
/// <param name="VirtualPorts">The service's ports: the original destination port is one of them.</param>
/// <param name="RealServerAddress">The real server: the reply source.</param>
/// <param name="RealServerPort">The real server's port (the reply source port); null for any.</param>
public sealed record ConntrackFlowSelector(
    L4Protocol Protocol,
    IPAddress VirtualAddress,
    PortRange VirtualPorts,
    IPAddress RealServerAddress,
    ushort? RealServerPort = null)
{
    /// <summary>The IP protocol number of <see cref="Protocol"/>.</summary>
    public ProtocolType IpProtocol => Protocol == L4Protocol.Tcp ? ProtocolType.Tcp : ProtocolType.Udp;

    /// <summary>True when <paramref name="entry"/> is a flow of this service to this real server.</summary>
    public bool Matches(ConntrackEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.Protocol == IpProtocol
            && VirtualAddress.Equals(entry.Original.Destination)
            && VirtualPorts.Contains(entry.Original.DestinationPort)
            && RealServerAddress.Equals(entry.Reply.Source)
            && (RealServerPort is not { } port || entry.Reply.SourcePort == port);
    }

    /// <summary>
    /// The kernel-side part of the selection: everything but a port range of more than one port,
    /// which the kernel cannot compare (<see cref="Matches"/> checks it).
    /// </summary>
    public ConntrackFilter ToFilter()
    {
        if (VirtualAddress.AddressFamily != RealServerAddress.AddressFamily)
        {
            throw new ArgumentException($"The VIP {VirtualAddress} and the real server {RealServerAddress} are of different families.");
        }

        return new ConntrackFilter
        {
            Family = VirtualAddress.AddressFamily,
            Protocol = IpProtocol,
            OriginalDestination = VirtualAddress,
            OriginalDestinationPort = VirtualPorts.IsSinglePort ? VirtualPorts.First : null,
            ReplySource = RealServerAddress,
            ReplySourcePort = RealServerPort,
        };
    }

    /// <summary><c>tcp 203.0.113.10:80 -> 10.2.0.2:8080</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{ConntrackProtocolNames.Of(IpProtocol)} {VirtualAddress}:{VirtualPorts} -> {RealServerAddress}:{(RealServerPort is { } port ? port.ToString(CultureInfo.InvariantCulture) : "*")}");
}
