using System.Buffers.Binary;
using System.Net;

namespace Fulcrum.Core.Vrrp;

//  Reads what a raw IPPROTO_VRRP socket delivers: the IPv4 header, then the VRRP message.
//
//  IPv4, RFC 791 §3.1 (offsets: Ipv4HeaderLayout)
//  +-------+-------+---------------+-------------------------------+
//  |Version|  IHL  |Type of Service|          Total Length         |
//  |         Identification        |Flags|      Fragment Offset    |
//  |  Time to Live |    Protocol   |         Header Checksum       |
//  |                       Source Address                          |
//  |                    Destination Address                        |
//  +---------------------------------------------------------------+
//  VRRPv3, RFC 5798 §5.1 / VRRPv2, RFC 3768 §5.1 (offsets: VrrpPacketLayout)
//  +-------+-------+---------------+---------------+---------------+
//  |Version| Type  | Virtual Rtr ID|   Priority    | Count Addrs   |
//  |v3: (rsvd) | Max Adver Int (cs)|          Checksum             |
//  |v2: Auth Type  | Adver Int (s) |          Checksum             |
//  |                       IPv4 Address(es)                        |
//  |           v2 only: Authentication Data (8 bytes)              |
//  +---------------------------------------------------------------+

/// <summary>
/// The structural half of the receive path: decodes a datagram and rejects anything malformed.
/// Only <see cref="VrrpReceiveFilter"/> calls it; the filter adds the checks that depend on
/// configuration, so every check exists exactly once.
/// </summary>
/// <remarks>
/// The IPv4 header checksum is not verified: the kernel drops datagrams whose header checksum is
/// wrong before a raw socket sees them.
/// </remarks>
internal static class VrrpPacketReader
{
    /// <param name="datagram">The datagram, IPv4 header included.</param>
    /// <param name="hmacTrailer">Whether an HMAC trailer must follow the message (<see cref="VrrpHmacTrailer"/>).</param>
    /// <param name="packet">The decoded packet when accepted.</param>
    public static VrrpRejectReason Read(ReadOnlySpan<byte> datagram, bool hmacTrailer, out VrrpReceivedPacket packet)
    {
        packet = default;

        if (datagram.Length < Ipv4HeaderLayout.MinimumLength)
        {
            return VrrpRejectReason.TooShortForIpHeader;
        }

        if (datagram[Ipv4HeaderLayout.VersionAndIhl] >> 4 != Ipv4HeaderLayout.Version)
        {
            return VrrpRejectReason.NotIpv4;
        }

        var ipHeaderLength = (datagram[Ipv4HeaderLayout.VersionAndIhl] & 0x0F) * 4;
        if (ipHeaderLength < Ipv4HeaderLayout.MinimumLength || ipHeaderLength > datagram.Length)
        {
            return VrrpRejectReason.BadIpHeaderLength;
        }

        // Linux raw sockets deliver the header unmodified, so Total Length is the datagram length.
        if (BinaryPrimitives.ReadUInt16BigEndian(datagram[Ipv4HeaderLayout.TotalLength..]) != datagram.Length)
        {
            return VrrpRejectReason.IpTotalLengthMismatch;
        }

        if (datagram[Ipv4HeaderLayout.Protocol] != VrrpConstants.IpProtocolNumber)
        {
            return VrrpRejectReason.NotVrrpProtocol;
        }

        var message = datagram[ipHeaderLength..];
        if (message.Length < VrrpPacketLayout.HeaderLength)
        {
            return VrrpRejectReason.TruncatedVrrpHeader;
        }

        var versionNibble = message[VrrpPacketLayout.VersionAndType] >> 4;
        if (versionNibble is not ((int)VrrpVersion.V2 or (int)VrrpVersion.V3))
        {
            return VrrpRejectReason.UnsupportedVersion;
        }

        var version = (VrrpVersion)versionNibble;
        if ((message[VrrpPacketLayout.VersionAndType] & 0x0F) != VrrpConstants.AdvertisementType)
        {
            return VrrpRejectReason.UnknownType;
        }

        var addressCount = message[VrrpPacketLayout.AddressCount];
        if (addressCount == 0)
        {
            return VrrpRejectReason.AddressCountOutOfRange;
        }

        var expectedLength = VrrpPacketLayout.MessageLength(version, addressCount);
        if (message.Length < expectedLength)
        {
            return VrrpRejectReason.TruncatedVrrpPacket;
        }

        ReadOnlySpan<byte> trailer = [];
        if (hmacTrailer && message.Length == expectedLength)
        {
            return VrrpRejectReason.HmacMissing;
        }

        if (hmacTrailer && message.Length == expectedLength + VrrpHmacTrailer.Length)
        {
            trailer = message[expectedLength..];
            message = message[..expectedLength];
        }

        if (message.Length > expectedLength)
        {
            return VrrpRejectReason.OversizedVrrpPacket;
        }

        var source = datagram.Slice(Ipv4HeaderLayout.SourceAddress, Ipv4HeaderLayout.AddressLength);
        var destination = datagram.Slice(Ipv4HeaderLayout.DestinationAddress, Ipv4HeaderLayout.AddressLength);
        var checksum = version == VrrpVersion.V3
            ? VrrpChecksum.ComputeV3(message, source, destination)
            : VrrpChecksum.ComputeV2(message);
        if (checksum != 0)
        {
            return VrrpRejectReason.BadChecksum;
        }

        var intervalCentiseconds = version == VrrpVersion.V3
            ? (ushort)(BinaryPrimitives.ReadUInt16BigEndian(message[VrrpPacketLayout.V3ReservedAndInterval..]) & VrrpPacketLayout.V3IntervalMask)
            : (ushort)(message[VrrpPacketLayout.V2Interval] * 100);
        if (intervalCentiseconds == 0)
        {
            return VrrpRejectReason.ZeroAdvertInterval;
        }

        var addresses = new IPAddress[addressCount];
        for (var index = 0; index < addresses.Length; index++)
        {
            addresses[index] = new IPAddress(message.Slice(
                VrrpPacketLayout.Addresses + (index * VrrpPacketLayout.AddressLength),
                VrrpPacketLayout.AddressLength));
        }

        var advertisement = new VrrpAdvertisement(
            version,
            message[VrrpPacketLayout.VirtualRouterId],
            message[VrrpPacketLayout.Priority],
            intervalCentiseconds,
            addresses);

        var authenticationOffset = VrrpPacketLayout.Addresses + (addressCount * VrrpPacketLayout.AddressLength);
        packet = version == VrrpVersion.V2
            ? new VrrpReceivedPacket(
                advertisement,
                new IPAddress(source),
                datagram[Ipv4HeaderLayout.TimeToLive],
                (VrrpAuthType)message[VrrpPacketLayout.V2AuthType],
                message.Slice(authenticationOffset, VrrpConstants.V2AuthenticationDataLength),
                message,
                source,
                destination,
                trailer)
            : new VrrpReceivedPacket(
                advertisement,
                new IPAddress(source),
                datagram[Ipv4HeaderLayout.TimeToLive],
                VrrpAuthType.None,
                [],
                message,
                source,
                destination,
                trailer);
        return VrrpRejectReason.None;
    }
}
