using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Fulcrum.Linux.Interop;

/// <summary>
/// struct sockaddr_ll (include/uapi/linux/if_packet.h) as an <see cref="EndPoint"/>, so the managed
/// <see cref="Socket"/> can send AF_PACKET frames to one interface.
/// </summary>
internal sealed class sockaddr_ll : EndPoint
{
    public const int Size = 20;

    public sockaddr_ll(ushort protocol, int ifindex, ushort hatype, ReadOnlySpan<byte> address)
    {
        sll_protocol = protocol;
        sll_ifindex = ifindex;
        sll_hatype = hatype;
        sll_addr = address.ToArray();
    }

    /// <summary>Ethernet protocol, host order here, network order on the wire.</summary>
    public ushort sll_protocol { get; }

    public int sll_ifindex { get; }

    public ushort sll_hatype { get; }

    public byte[] sll_addr { get; }

    public override AddressFamily AddressFamily => AddressFamily.Packet;

    public override SocketAddress Serialize()
    {
        // The SocketAddress constructor writes sll_family (AF_PACKET) into the first two bytes.
        var socketAddress = new SocketAddress(AddressFamily.Packet, Size);
        var bytes = socketAddress.Buffer.Span;
        BinaryPrimitives.WriteUInt16BigEndian(bytes[2..], sll_protocol);
        BinaryPrimitives.WriteInt32LittleEndian(bytes[4..], sll_ifindex);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes[8..], sll_hatype);
        bytes[10] = 0; // sll_pkttype: unused when sending
        bytes[11] = (byte)Math.Min(sll_addr.Length, 8);
        sll_addr.AsSpan(0, Math.Min(sll_addr.Length, 8)).CopyTo(bytes[12..]);
        return socketAddress;
    }

    public override EndPoint Create(SocketAddress socketAddress) => throw new NotSupportedException("sockaddr_ll is only sent to, never received from.");
}
