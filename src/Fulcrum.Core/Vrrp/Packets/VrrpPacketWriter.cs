using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Fulcrum.Core.Vrrp;

//  Writes the VRRP message only; the kernel builds the IPv4 header (TTL 255, protocol 112).
//
//  VRRPv3, RFC 5798 §5.1                          VRRPv2, RFC 3768 §5.1
//  +-------+-------+-------+-------+-------+      +-------+-------+-------+-------+-------+
//  |Version| Type  | VRID  |Priority| Count|      |Version| Type  | VRID  |Priority| Count|
//  +-------+-------+-------+-------+-------+      +-------+-------+-------+-------+-------+
//  |(rsvd) | Max Adver Int | Checksum      |      | Auth Type | Adver Int | Checksum      |
//  +-------+---------------+---------------+      +-----------+-----------+---------------+
//  |        IPv4 Address(es)               |      |        IP Address(es)                 |
//  +---------------------------------------+      +---------------------------------------+
//                                                 |  Authentication Data (8 bytes)        |
//                                                 +---------------------------------------+
//  Offsets: VrrpPacketLayout.

/// <summary>
/// Encodes <see cref="VrrpAdvertisement"/>s for one sender: its source address (part of the v3
/// checksum's pseudo-header), its v2 authentication method, and in HMAC mode the signed trailer
/// (<see cref="VrrpHmacTrailer"/>) with its counter.
/// </summary>
public sealed class VrrpPacketWriter
{
    private readonly IPAddress _source;
    private readonly byte[] _sourceBytes;
    private readonly IVrrpAuthentication _authentication;
    private readonly VrrpHmacKey? _hmac;
    private readonly TimeProvider _time;
    private ulong _lastCounter;

    /// <summary>Creates a writer for adverts sent from <paramref name="source"/>.</summary>
    /// <param name="source">The sender's primary IPv4 address (the IP source of the datagram).</param>
    /// <param name="authentication">v2 authentication; null means none. Ignored for v3.</param>
    /// <param name="hmac">HMAC mode (v3): every advert gets a signed trailer; null means none.</param>
    /// <param name="time">The clock of the HMAC counter (microseconds since the Unix epoch); the system clock when null.</param>
    public VrrpPacketWriter(IPAddress source, IVrrpAuthentication? authentication = null, VrrpHmacKey? hmac = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        RequireIpv4(source, nameof(source));
        _source = source;
        _sourceBytes = source.GetAddressBytes();
        _authentication = authentication ?? VrrpNoAuthentication.Instance;
        _hmac = hmac;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Bytes this writer sends for <paramref name="advertisement"/>: the message, plus the HMAC trailer in HMAC mode.</summary>
    public int LengthOf(VrrpAdvertisement advertisement) => GetLength(advertisement) + (_hmac is null ? 0 : VrrpHmacTrailer.Length);

    /// <summary>Length in bytes of the VRRP message for <paramref name="advertisement"/>.</summary>
    public static int GetLength(VrrpAdvertisement advertisement)
    {
        ArgumentNullException.ThrowIfNull(advertisement);
        return VrrpPacketLayout.MessageLength(advertisement.Version, advertisement.Addresses.Count);
    }

    /// <summary>Encodes <paramref name="advertisement"/> addressed to <paramref name="destination"/>.</summary>
    public byte[] Write(VrrpAdvertisement advertisement, IPAddress destination)
    {
        var buffer = new byte[LengthOf(advertisement)];
        Write(advertisement, destination, buffer);
        return buffer;
    }

    /// <summary>
    /// Encodes <paramref name="advertisement"/> into <paramref name="buffer"/> and returns the byte count.
    /// <paramref name="destination"/> (224.0.0.18 or a unicast peer) enters the v3 checksum.
    /// </summary>
    public int Write(VrrpAdvertisement advertisement, IPAddress destination, Span<byte> buffer)
    {
        ArgumentNullException.ThrowIfNull(destination);
        RequireIpv4(destination, nameof(destination));
        Validate(advertisement);

        var length = GetLength(advertisement);
        if (buffer.Length < LengthOf(advertisement))
        {
            throw new ArgumentException($"The buffer holds {buffer.Length} bytes; the advert needs {LengthOf(advertisement)}.", nameof(buffer));
        }

        var message = buffer[..length];
        message[VrrpPacketLayout.VersionAndType] = (byte)(((byte)advertisement.Version << 4) | VrrpConstants.AdvertisementType);
        message[VrrpPacketLayout.VirtualRouterId] = advertisement.VirtualRouterId;
        message[VrrpPacketLayout.Priority] = advertisement.Priority;
        message[VrrpPacketLayout.AddressCount] = (byte)advertisement.Addresses.Count;
        BinaryPrimitives.WriteUInt16BigEndian(message[VrrpPacketLayout.Checksum..], 0);

        var offset = VrrpPacketLayout.Addresses;
        foreach (var address in advertisement.Addresses)
        {
            address.TryWriteBytes(message[offset..], out _);
            offset += VrrpPacketLayout.AddressLength;
        }

        ushort checksum;
        if (advertisement.Version == VrrpVersion.V3)
        {
            // RFC 5798 §5.2.6: reserved bits are sent as zero.
            BinaryPrimitives.WriteUInt16BigEndian(message[VrrpPacketLayout.V3ReservedAndInterval..], advertisement.IntervalCentiseconds);
            checksum = VrrpChecksum.ComputeV3(message, _source, destination);
        }
        else
        {
            message[VrrpPacketLayout.V2AuthType] = (byte)_authentication.Type;
            message[VrrpPacketLayout.V2Interval] = (byte)(advertisement.IntervalCentiseconds / 100);
            _authentication.WriteAuthenticationData(message.Slice(offset, VrrpConstants.V2AuthenticationDataLength));
            checksum = VrrpChecksum.ComputeV2(message);
        }

        BinaryPrimitives.WriteUInt16BigEndian(message[VrrpPacketLayout.Checksum..], checksum);
        if (_hmac is null)
        {
            return length;
        }

        // Microseconds since the epoch, so a restarted sender goes on above its last counter; strictly
        // increasing even if the clock steps back or two adverts share a microsecond.
        var now = (ulong)(_time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks / (TimeSpan.TicksPerMillisecond / 1000);
        _lastCounter = Math.Max(now, _lastCounter + 1);
        Span<byte> destinationBytes = stackalloc byte[4];
        destination.TryWriteBytes(destinationBytes, out _);
        VrrpHmacTrailer.Write(_hmac, message, _sourceBytes, destinationBytes, _lastCounter, buffer.Slice(length, VrrpHmacTrailer.Length));
        return length + VrrpHmacTrailer.Length;
    }

    private static void Validate(VrrpAdvertisement advertisement)
    {
        ArgumentNullException.ThrowIfNull(advertisement);
        if (advertisement.Version is not (VrrpVersion.V2 or VrrpVersion.V3))
        {
            throw new ArgumentException($"Unknown VRRP version {advertisement.Version}.", nameof(advertisement));
        }

        if (advertisement.VirtualRouterId == 0)
        {
            throw new ArgumentException("VRID 0 is not valid (RFC 5798 §5.2.3: 1–255).", nameof(advertisement));
        }

        if (advertisement.Addresses.Count is 0 or > byte.MaxValue)
        {
            throw new ArgumentException("An advert carries 1–255 addresses (RFC 5798 §5.2.5).", nameof(advertisement));
        }

        foreach (var address in advertisement.Addresses)
        {
            RequireIpv4(address, nameof(advertisement));
        }

        var interval = advertisement.IntervalCentiseconds;
        var valid = advertisement.Version == VrrpVersion.V3
            ? interval is > 0 and <= VrrpConstants.MaximumV3IntervalCentiseconds
            : interval % 100 == 0 && interval / 100 is > 0 and <= VrrpConstants.MaximumV2IntervalSeconds;
        if (!valid)
        {
            throw new ArgumentException(
                $"Interval {interval} cs does not fit a v{(byte)advertisement.Version} advert "
                + "(v3: 1–4095 cs, RFC 5798 §5.2.7; v2: whole seconds 1–255, RFC 3768 §5.3.7).",
                nameof(advertisement));
        }
    }

    private static void RequireIpv4(IPAddress address, string parameterName)
    {
        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException($"{address} is not an IPv4 address; Fulcrum speaks VRRP over IPv4.", parameterName);
        }
    }
}
