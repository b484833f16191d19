using System.Buffers.Binary;
using System.Net;
using System.Net.NetworkInformation;
using Fulcrum.Linux.Interop;

namespace Fulcrum.Linux.Arp;

//  Ethernet II frame carrying an ARP request, RFC 826; as a gratuitous ARP announcement
//  (RFC 5227 §3, RFC 5798 §6.4.1) the sender and target protocol addresses are both the VIP.
//
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |      Destination MAC (ff:ff:ff:ff:ff:ff) ...  | Source MAC ...
//  |  ... Source MAC                               | EtherType 0806|
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  | HTYPE 1 (Ethernet)            | PTYPE 0800 (IPv4)             |   offset 14
//  | HLEN 6        | PLEN 4        | OPER 1 (request)              |
//  | Sender hardware address (6)   ...  | Sender protocol address (4)
//  | Target hardware address (6, zero)  | Target protocol address (4)
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  padding to the 60-byte Ethernet minimum (the FCS is the NIC's)

/// <summary>Builds gratuitous ARP announcement frames.</summary>
public static class GratuitousArpFrame
{
    /// <summary>Frame length: the Ethernet minimum without FCS.</summary>
    public const int Length = 60;

    private const int EthernetHeaderLength = 14;
    private const int MacLength = 6;
    private const int DestinationMac = 0;
    private const int SourceMac = 6;
    private const int EtherType = 12;
    private const int HardwareType = EthernetHeaderLength + 0;
    private const int ProtocolType = EthernetHeaderLength + 2;
    private const int HardwareLength = EthernetHeaderLength + 4;
    private const int ProtocolLength = EthernetHeaderLength + 5;
    private const int Operation = EthernetHeaderLength + 6;
    private const int SenderHardwareAddress = EthernetHeaderLength + 8;
    private const int SenderProtocolAddress = EthernetHeaderLength + 14;
    private const int TargetHardwareAddress = EthernetHeaderLength + 18;
    private const int TargetProtocolAddress = EthernetHeaderLength + 24;

    /// <summary>Writes the announcement of <paramref name="address"/> from <paramref name="hardwareAddress"/> into <paramref name="frame"/> (at least <see cref="Length"/> bytes).</summary>
    public static int Write(PhysicalAddress hardwareAddress, IPAddress address, Span<byte> frame)
    {
        ArgumentNullException.ThrowIfNull(hardwareAddress);
        ArgumentNullException.ThrowIfNull(address);
        var mac = hardwareAddress.GetAddressBytes();
        if (mac.Length != MacLength)
        {
            throw new ArgumentException($"'{hardwareAddress}' is not a 6-byte Ethernet address.", nameof(hardwareAddress));
        }

        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
        {
            throw new ArgumentException($"{address} is not an IPv4 address.", nameof(address));
        }

        if (frame.Length < Length)
        {
            throw new ArgumentException($"A gratuitous ARP frame needs {Length} bytes.", nameof(frame));
        }

        frame = frame[..Length];
        frame.Clear();
        frame.Slice(DestinationMac, MacLength).Fill(0xFF);
        mac.CopyTo(frame[SourceMac..]);
        BinaryPrimitives.WriteUInt16BigEndian(frame[EtherType..], SocketConstants.ETH_P_ARP);
        BinaryPrimitives.WriteUInt16BigEndian(frame[HardwareType..], SocketConstants.ARPHRD_ETHER);
        BinaryPrimitives.WriteUInt16BigEndian(frame[ProtocolType..], SocketConstants.ETH_P_IP);
        frame[HardwareLength] = MacLength;
        frame[ProtocolLength] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(frame[Operation..], SocketConstants.ARPOP_REQUEST);
        mac.CopyTo(frame[SenderHardwareAddress..]);
        address.TryWriteBytes(frame[SenderProtocolAddress..], out _);
        frame.Slice(TargetHardwareAddress, MacLength).Clear();
        address.TryWriteBytes(frame[TargetProtocolAddress..], out _);
        return Length;
    }
}
