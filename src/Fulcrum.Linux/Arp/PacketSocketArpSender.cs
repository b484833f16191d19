using System.Net;
using System.Net.Sockets;
using Fulcrum.Core.Vrrp;
using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Linux.Arp;

/// <summary>
/// Gratuitous ARP over one AF_PACKET raw socket. The socket's protocol is 0, so the kernel queues
/// no received frames on it; each frame names its interface and protocol in a sockaddr_ll.
/// </summary>
public sealed class PacketSocketArpSender : IGratuitousArpSender, IDisposable
{
    private readonly Socket _socket;
    private readonly byte[] _frame = new byte[GratuitousArpFrame.Length];
    private readonly Lock _lock = new();

    private PacketSocketArpSender(Socket socket) => _socket = socket;

    /// <summary>Opens the socket, inside <paramref name="networkNamespace"/> when given.</summary>
    public static PacketSocketArpSender Open(string? networkNamespace = null) =>
        networkNamespace is null ? OpenHere() : NetworkNamespace.Run(networkNamespace, OpenHere);

    /// <inheritdoc />
    public void Announce(LinkStatus link, IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(link);
        ArgumentNullException.ThrowIfNull(address);
        var hardware = link.HardwareAddress
            ?? throw new InvalidOperationException($"Interface '{link.Name}' has no hardware address to announce from.");
        lock (_lock)
        {
            var length = GratuitousArpFrame.Write(hardware, address, _frame);
            var broadcast = new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };
            var destination = new sockaddr_ll(SocketConstants.ETH_P_ARP, link.Index, SocketConstants.ARPHRD_ETHER, broadcast);
            var sent = _socket.SendTo(_frame.AsSpan(0, length), SocketFlags.None, destination);
            if (sent != length)
            {
                throw new IOException($"AF_PACKET sendto on {link.Name} sent {sent} of {length} bytes.");
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _socket.Dispose();

    private static PacketSocketArpSender OpenHere() =>
        new(new Socket(AddressFamily.Packet, SocketType.Raw, ProtocolType.Unspecified));
}
