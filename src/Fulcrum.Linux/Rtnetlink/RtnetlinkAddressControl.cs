using System.Net;
using System.Net.NetworkInformation;
using Fulcrum.Core.Vrrp;
using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Linux.Rtnetlink;

/// <summary>
/// <see cref="IAddressControl"/> over Fulcrum's own netlink client (NETLINK_ROUTE): RTM_GETLINK
/// for one interface, RTM_GETADDR dumps, RTM_NEWADDR/RTM_DELADDR with IFA_LOCAL and IFA_ADDRESS
/// as <c>ip addr add/del</c> sends them. Thread-safe (one request at a time).
/// </summary>
public sealed class RtnetlinkAddressControl : IAddressControl, IDisposable
{
    private readonly NetlinkClient _client;
    private readonly Lock _lock = new();

    /// <summary>Creates the control over a client it then owns.</summary>
    public RtnetlinkAddressControl(NetlinkClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
    }

    /// <summary>Opens a NETLINK_ROUTE socket, inside <paramref name="networkNamespace"/> when given.</summary>
    public static RtnetlinkAddressControl Open(string? networkNamespace = null) =>
        new(NetlinkClient.Open(NetlinkProtocol.Route, networkNamespace));

    /// <summary><c>ip link show NAME</c>.</summary>
    public LinkStatus GetLink(string interfaceName)
    {
        ArgumentException.ThrowIfNullOrEmpty(interfaceName);
        lock (_lock)
        {
            var request = _client.CreateRequest(256);
            request.BeginMessage(RtnetlinkConstants.RTM_GETLINK, NetlinkMessageFlags.Request | NetlinkMessageFlags.Ack);
            new ifinfomsg(0, 0, 0, 0, 0).Write(request.WriteFamilyHeader(ifinfomsg.Size));
            request.WriteString(RtnetlinkConstants.IFLA_IFNAME, interfaceName);
            request.EndMessage();

            LinkStatus? link = null;
            try
            {
                _client.Execute(request, (in NetlinkMessage message) =>
                {
                    if (message.Type == RtnetlinkConstants.RTM_NEWLINK)
                    {
                        link = ParseLink(message);
                    }
                });
            }
            catch (NetlinkException exception) when (exception.Errno == RtnetlinkConstants.ENODEV)
            {
                throw new InvalidOperationException($"No interface '{interfaceName}'.", exception);
            }

            return link ?? throw new NetlinkProtocolException($"RTM_GETLINK for '{interfaceName}' was acknowledged without a link.");
        }
    }

    /// <summary><c>ip -4 addr show dev NAME</c>.</summary>
    public IReadOnlyList<InterfaceAddress> GetAddresses(string interfaceName)
    {
        var index = (uint)GetLink(interfaceName).Index;
        lock (_lock)
        {
            var request = _client.CreateRequest(256);
            request.BeginMessage(RtnetlinkConstants.RTM_GETADDR, NetlinkMessageFlags.Request | NetlinkMessageFlags.Dump);
            new ifaddrmsg(SocketConstants.AF_INET, 0, 0, 0, 0).Write(request.WriteFamilyHeader(ifaddrmsg.Size));
            request.EndMessage();

            var addresses = new List<InterfaceAddress>();
            _client.Execute(request, (in NetlinkMessage message) =>
            {
                if (message.Type != RtnetlinkConstants.RTM_NEWADDR)
                {
                    return;
                }

                var header = ifaddrmsg.Read(message.Payload);
                if (header.ifa_index != index || header.ifa_family != SocketConstants.AF_INET)
                {
                    return;
                }

                IPAddress? local = null;
                IPAddress? address = null;
                var attributes = message.Attributes(ifaddrmsg.Size);
                while (attributes.TryRead(out var attribute))
                {
                    if (attribute.Type == RtnetlinkConstants.IFA_LOCAL && attribute.Value.Length == 4)
                    {
                        local = new IPAddress(attribute.Value);
                    }
                    else if (attribute.Type == RtnetlinkConstants.IFA_ADDRESS && attribute.Value.Length == 4)
                    {
                        address = new IPAddress(attribute.Value);
                    }
                }

                // IFA_LOCAL is the interface's own address; IFA_ADDRESS differs only on point-to-point links.
                if ((local ?? address) is { } own)
                {
                    addresses.Add(new InterfaceAddress(own, header.ifa_prefixlen));
                }
            });
            return addresses;
        }
    }

    /// <summary><c>ip addr add ADDRESS/PREFIX dev NAME</c>; false when it exists (EEXIST).</summary>
    public bool AddAddress(string interfaceName, IPAddress address, int prefixLength) =>
        ChangeAddress(RtnetlinkConstants.RTM_NEWADDR, NetlinkMessageFlags.Create | NetlinkMessageFlags.Exclusive, RtnetlinkConstants.EEXIST, interfaceName, address, prefixLength);

    /// <summary><c>ip addr del ADDRESS/PREFIX dev NAME</c>; false when it is not there (EADDRNOTAVAIL).</summary>
    public bool RemoveAddress(string interfaceName, IPAddress address, int prefixLength) =>
        ChangeAddress(RtnetlinkConstants.RTM_DELADDR, NetlinkMessageFlags.None, RtnetlinkConstants.EADDRNOTAVAIL, interfaceName, address, prefixLength);

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();

    private bool ChangeAddress(ushort type, NetlinkMessageFlags flags, int benignErrno, string interfaceName, IPAddress address, int prefixLength)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork || prefixLength is < 0 or > 32)
        {
            throw new ArgumentException($"{address}/{prefixLength} is not an IPv4 address with a prefix length of 0–32.", nameof(address));
        }

        var index = (uint)GetLink(interfaceName).Index;
        lock (_lock)
        {
            var request = _client.CreateRequest(128);
            request.BeginMessage(type, NetlinkMessageFlags.Request | NetlinkMessageFlags.Ack | flags);
            new ifaddrmsg(SocketConstants.AF_INET, (byte)prefixLength, 0, RtnetlinkConstants.RT_SCOPE_UNIVERSE, index)
                .Write(request.WriteFamilyHeader(ifaddrmsg.Size));
            Span<byte> bytes = stackalloc byte[4];
            address.TryWriteBytes(bytes, out _);
            request.WriteAttribute(RtnetlinkConstants.IFA_LOCAL, bytes);
            request.WriteAttribute(RtnetlinkConstants.IFA_ADDRESS, bytes);
            request.EndMessage();
            try
            {
                _client.Execute(request);
                return true;
            }
            catch (NetlinkException exception) when (exception.Errno == benignErrno)
            {
                return false;
            }
        }
    }

    private static LinkStatus ParseLink(in NetlinkMessage message)
    {
        var header = ifinfomsg.Read(message.Payload);
        string? name = null;
        PhysicalAddress? hardware = null;
        var attributes = message.Attributes(ifinfomsg.Size);
        while (attributes.TryRead(out var attribute))
        {
            switch (attribute.Type)
            {
                case RtnetlinkConstants.IFLA_IFNAME:
                    name = attribute.GetString();
                    break;
                case RtnetlinkConstants.IFLA_ADDRESS:
                    hardware = new PhysicalAddress(attribute.Value.ToArray());
                    break;
                default:
                    break;
            }
        }

        return new LinkStatus(
            name ?? string.Empty,
            header.ifi_index,
            hardware,
            (header.ifi_flags & RtnetlinkConstants.IFF_UP) != 0,
            (header.ifi_flags & RtnetlinkConstants.IFF_RUNNING) != 0);
    }
}
