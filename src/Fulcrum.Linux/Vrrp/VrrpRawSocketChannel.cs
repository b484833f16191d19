using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Fulcrum.Core.Vrrp;
using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Linux.Vrrp;

/// <summary>
/// VRRP on one interface over two raw IPPROTO_VRRP (112) sockets, both SO_BINDTODEVICE:
/// <list type="bullet">
/// <item>send: bound to the node's primary address (the advert's source, whatever VIPs the
/// interface holds), TTL 255 for multicast and unicast (RFC 5798 §5.1.1.3), IP_MULTICAST_IF on
/// the interface, multicast loop off so our own adverts never come back;</item>
/// <item>receive: unbound (a raw socket bound to an address only sees datagrams to that
/// address, which would hide 224.0.0.18), member of 224.0.0.18 on the interface in multicast mode.</item>
/// </list>
/// keepalived splits its sockets the same way.
/// </summary>
public sealed class VrrpRawSocketChannel : IVrrpChannel
{
    private const int ReceiveBufferBytes = 1024 * 1024;
    private readonly Socket _send;
    private readonly Socket _receive;
    private readonly Dictionary<IPAddress, SocketAddress> _destinations = [];

    private VrrpRawSocketChannel(string interfaceName, Socket send, Socket receive)
    {
        InterfaceName = interfaceName;
        _send = send;
        _receive = receive;
    }

    /// <inheritdoc />
    public string InterfaceName { get; }

    /// <summary>
    /// Opens the channel on <paramref name="interfaceName"/>, inside <paramref name="networkNamespace"/>
    /// when given (the sockets stay there for their life), else in the caller's namespace.
    /// </summary>
    /// <param name="interfaceName">The interface, e.g. eth0.</param>
    /// <param name="primaryAddress">The node's own address on it: the source of every advert.</param>
    /// <param name="joinMulticastGroup">Multicast mode: join 224.0.0.18 on the interface. False for unicast.</param>
    /// <param name="networkNamespace">A named namespace (/run/netns/NAME), or null.</param>
    public static VrrpRawSocketChannel Open(string interfaceName, IPAddress primaryAddress, bool joinMulticastGroup, string? networkNamespace = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(interfaceName);
        ArgumentNullException.ThrowIfNull(primaryAddress);
        return networkNamespace is null
            ? OpenHere(interfaceName, primaryAddress, joinMulticastGroup)
            : NetworkNamespace.Run(networkNamespace, () => OpenHere(interfaceName, primaryAddress, joinMulticastGroup));
    }

    /// <inheritdoc />
    public void Send(ReadOnlySpan<byte> vrrpMessage, IPAddress destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (!_destinations.TryGetValue(destination, out var address))
        {
            address = new IPEndPoint(destination, 0).Serialize();
            _destinations[destination] = address;
        }

        var sent = _send.SendTo(vrrpMessage, SocketFlags.None, address);
        if (sent != vrrpMessage.Length)
        {
            throw new IOException($"sendto on {InterfaceName} sent {sent} of {vrrpMessage.Length} bytes.");
        }
    }

    /// <inheritdoc />
    public bool WaitUntilReadable(TimeSpan timeout) => _receive.Poll(timeout, SelectMode.SelectRead);

    /// <inheritdoc />
    public int TryReceive(Span<byte> buffer)
    {
        // The socket is non-blocking: a read never waits.
        var length = _receive.Receive(buffer, SocketFlags.None, out var error);
        return error switch
        {
            SocketError.Success => length,
            SocketError.WouldBlock => -1,
            _ => throw new SocketException((int)error),
        };
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _send.Dispose();
        _receive.Dispose();
    }

    private static VrrpRawSocketChannel OpenHere(string interfaceName, IPAddress primaryAddress, bool joinMulticastGroup)
    {
        var index = (int)Libc.if_nametoindex(interfaceName);
        if (index == 0)
        {
            throw new InvalidOperationException($"No interface '{interfaceName}' in this network namespace.");
        }

        Socket? send = null;
        Socket? receive = null;
        try
        {
            send = CreateRawSocket(interfaceName);
            send.Bind(new IPEndPoint(primaryAddress, 0));
            send.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, VrrpConstants.Ttl);
            send.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.IpTimeToLive, VrrpConstants.Ttl);
            send.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastLoopback, false);
            send.SetRawSocketOption(
                SocketConstants.IPPROTO_IP,
                SocketConstants.IP_MULTICAST_IF,
                new ip_mreqn(IPAddress.Any, primaryAddress, index).ToBytes());

            // The send socket also matches datagrams to the primary address; keep its queue tiny, it is never read.
            send.ReceiveBufferSize = 1;

            receive = CreateRawSocket(interfaceName);
            receive.ReceiveBufferSize = ReceiveBufferBytes;
            receive.Blocking = false;
            if (joinMulticastGroup)
            {
                receive.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(VrrpConstants.MulticastGroup, index));
            }

            return new VrrpRawSocketChannel(interfaceName, send, receive);
        }
        catch
        {
            send?.Dispose();
            receive?.Dispose();
            throw;
        }
    }

    private static Socket CreateRawSocket(string interfaceName)
    {
        var descriptor = Libc.socket_descriptor(SocketConstants.AF_INET, NetlinkConstants.SOCK_RAW | NetlinkConstants.SOCK_CLOEXEC, VrrpConstants.IpProtocolNumber);
        if (descriptor < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new InvalidOperationException(
                $"socket(AF_INET, SOCK_RAW, IPPROTO_VRRP) failed: {ErrnoNames.Of(errno)} ({Marshal.GetPInvokeErrorMessage(errno)}); raw sockets need CAP_NET_RAW.");
        }

        var socket = new Socket(new SafeSocketHandle(descriptor, ownsHandle: true));
        try
        {
            socket.SetRawSocketOption(NetlinkConstants.SOL_SOCKET, SocketConstants.SO_BINDTODEVICE, Encoding.ASCII.GetBytes(interfaceName + "\0"));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
