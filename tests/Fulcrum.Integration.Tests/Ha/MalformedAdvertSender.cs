using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Fulcrum.Core.Vrrp;
using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Integration.Tests.Ha;

/// <summary>
/// Sends hand-built IPv4 datagrams of protocol 112 from a raw IPPROTO_RAW socket (IP_HDRINCL: our
/// TTL, our bytes) in another namespace of the lab, one kind of defect per datagram.
/// </summary>
internal sealed class MalformedAdvertSender : IDisposable
{
    private const int IpprotoRaw = 255;
    private readonly Socket _socket;
    private readonly IPAddress _source;
    private readonly IPEndPoint _destination;

    public MalformedAdvertSender(string networkNamespace, IPAddress source, IPAddress destination)
    {
        _source = source;
        _destination = new IPEndPoint(destination, 0);
        _socket = NetworkNamespace.Run(networkNamespace, () =>
        {
            var descriptor = Libc.socket_descriptor(SocketConstants.AF_INET, NetlinkConstants.SOCK_RAW | NetlinkConstants.SOCK_CLOEXEC, IpprotoRaw);
            Assert.True(descriptor >= 0, "socket(AF_INET, SOCK_RAW, IPPROTO_RAW)");
            return new Socket(new SafeSocketHandle(descriptor, ownsHandle: true));
        });
    }

    /// <summary>The defects, each with the reason the receive filter must count it under.</summary>
    public static IReadOnlyList<(string Defect, VrrpRejectReason Reason)> Kinds { get; } =
    [
        ("TTL 254", VrrpRejectReason.BadTtl),
        ("VRRPv2 to a v3 router", VrrpRejectReason.VersionMismatch),
        ("bad checksum", VrrpRejectReason.BadChecksum),
        ("truncated", VrrpRejectReason.TruncatedVrrpPacket),
        ("oversized", VrrpRejectReason.OversizedVrrpPacket),
        ("address count 0", VrrpRejectReason.AddressCountOutOfRange),
        ("unknown VRID", VrrpRejectReason.UnknownVirtualRouterId),
    ];

    public void Send(int kind)
    {
        var datagram = Build(kind);
        var sent = _socket.SendTo(datagram, _destination);
        Assert.Equal(datagram.Length, sent);
    }

    /// <summary>Sends <paramref name="message"/> (a VRRP message, trailer included) in an IPv4 header of ours.</summary>
    public void SendMessage(byte[] message, IPAddress? source = null, byte ttl = 255)
    {
        var datagram = Wrap(message, source ?? _source, ttl);
        Assert.Equal(datagram.Length, _socket.SendTo(datagram, _destination));
    }

    public void Dispose() => _socket.Dispose();

    private byte[] Build(int kind)
    {
        var vip = new[] { IPAddress.Parse("203.0.113.100") };
        var v3Writer = new VrrpPacketWriter(_source);
        byte ttl = 255;
        byte[] message;
        switch (Kinds[kind].Reason)
        {
            case VrrpRejectReason.BadTtl:
                ttl = 254;
                message = v3Writer.Write(new VrrpAdvertisement(VrrpVersion.V3, 51, 200, 10, vip), _destination.Address);
                break;
            case VrrpRejectReason.VersionMismatch:
                message = v3Writer.Write(new VrrpAdvertisement(VrrpVersion.V2, 51, 200, 100, vip), _destination.Address);
                break;
            case VrrpRejectReason.BadChecksum:
                message = v3Writer.Write(new VrrpAdvertisement(VrrpVersion.V3, 51, 200, 10, vip), _destination.Address);
                message[6] ^= 0x5A;
                break;
            case VrrpRejectReason.TruncatedVrrpPacket:
                message = v3Writer.Write(new VrrpAdvertisement(VrrpVersion.V3, 51, 200, 10, vip), _destination.Address);
                message[3] = 2; // two addresses declared, one present
                break;
            case VrrpRejectReason.OversizedVrrpPacket:
                message = [.. v3Writer.Write(new VrrpAdvertisement(VrrpVersion.V3, 51, 200, 10, vip), _destination.Address), 0, 0, 0, 0];
                break;
            case VrrpRejectReason.AddressCountOutOfRange:
                message = v3Writer.Write(new VrrpAdvertisement(VrrpVersion.V3, 51, 200, 10, vip), _destination.Address)[..8];
                message[3] = 0;
                break;
            default:
                message = v3Writer.Write(new VrrpAdvertisement(VrrpVersion.V3, 52, 200, 10, vip), _destination.Address);
                break;
        }

        return Wrap(message, _source, ttl);
    }

    private byte[] Wrap(byte[] message, IPAddress source, byte ttl)
    {
        // RFC 791 header; with IP_HDRINCL the kernel fills in total length, id and header checksum.
        var datagram = new byte[20 + message.Length];
        datagram[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(datagram.AsSpan(2), (ushort)datagram.Length);
        datagram[8] = ttl;
        datagram[9] = VrrpConstants.IpProtocolNumber;
        source.TryWriteBytes(datagram.AsSpan(12), out _);
        _destination.Address.TryWriteBytes(datagram.AsSpan(16), out _);
        message.CopyTo(datagram, 20);
        return datagram;
    }
}
