using System.Buffers.Binary;
using System.Net;
using Fulcrum.Core.Vrrp;

namespace Fulcrum.Core.Tests.Vrrp;

/// <summary>The seed topology's advert and helpers to wrap VRRP messages in the IPv4 header a raw socket delivers.</summary>
internal static class VrrpTestPackets
{
    public static readonly IPAddress Lb1 = IPAddress.Parse("203.0.113.1");
    public static readonly IPAddress Lb2 = IPAddress.Parse("203.0.113.2");
    public static readonly IPAddress PublicVip = IPAddress.Parse("203.0.113.100");
    public static readonly IPAddress Group = VrrpConstants.MulticastGroup;

    /// <summary>VRID 51, priority 150, 100 cs, 203.0.113.100 — as sent by lb1.</summary>
    public static VrrpAdvertisement SeedAdvert(VrrpVersion version = VrrpVersion.V3) =>
        new(version, 51, 150, 100, [PublicVip]);

    /// <summary>Hand-computed (see VrrpPacketWriterTests) v3 advert from 203.0.113.1 to 224.0.0.18.</summary>
    public static byte[] GoldenV3Message() =>
        [0x31, 0x33, 0x96, 0x01, 0x00, 0x64, 0xDF, 0x70, 0xCB, 0x00, 0x71, 0x64];

    /// <summary>Hand-computed v2 advert with auth_type PASS, password "secret".</summary>
    public static byte[] GoldenV2PasswordMessage() =>
    [
        0x21, 0x33, 0x96, 0x01, 0x01, 0x01, 0xCF, 0x18, 0xCB, 0x00, 0x71, 0x64,
        0x73, 0x65, 0x63, 0x72, 0x65, 0x74, 0x00, 0x00,
    ];

    /// <summary>Prepends an IPv4 header (RFC 791) as the kernel would have built it.</summary>
    public static byte[] WrapInIpv4(
        ReadOnlySpan<byte> vrrpMessage,
        IPAddress? source = null,
        IPAddress? destination = null,
        byte ttl = 255,
        byte protocol = 112,
        int optionWords = 0)
    {
        var headerLength = 20 + (optionWords * 4);
        var datagram = new byte[headerLength + vrrpMessage.Length];
        datagram[0] = (byte)(0x40 | (headerLength / 4));
        datagram[1] = 0xC0; // DSCP CS6, as keepalived sends
        BinaryPrimitives.WriteUInt16BigEndian(datagram.AsSpan(2), (ushort)datagram.Length);
        datagram[8] = ttl;
        datagram[9] = protocol;
        (source ?? Lb1).TryWriteBytes(datagram.AsSpan(12), out _);
        (destination ?? Group).TryWriteBytes(datagram.AsSpan(16), out _);
        var headerChecksum = InternetChecksum.Complete(InternetChecksum.Add(0, datagram.AsSpan(0, headerLength)));
        BinaryPrimitives.WriteUInt16BigEndian(datagram.AsSpan(10), headerChecksum);
        vrrpMessage.CopyTo(datagram.AsSpan(headerLength));
        return datagram;
    }

    /// <summary>Recomputes the VRRP checksum of a datagram built by <see cref="WrapInIpv4"/> after a test edited it.</summary>
    public static byte[] FixVrrpChecksum(byte[] datagram)
    {
        var headerLength = (datagram[0] & 0x0F) * 4;
        var message = datagram.AsSpan(headerLength);
        BinaryPrimitives.WriteUInt16BigEndian(message[6..], 0);
        var checksum = message[0] >> 4 == 3
            ? VrrpChecksum.ComputeV3(message, datagram.AsSpan(12, 4), datagram.AsSpan(16, 4))
            : VrrpChecksum.ComputeV2(message);
        BinaryPrimitives.WriteUInt16BigEndian(message[6..], checksum);
        return datagram;
    }
}
