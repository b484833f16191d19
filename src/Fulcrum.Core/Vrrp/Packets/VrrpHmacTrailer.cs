using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Fulcrum.Core.Vrrp;

//  Fulcrum HMAC mode (VRRPv3, both ends Fulcrum): a trailer after the VRRP message, inside the
//  same IP datagram. The VRRP message, its checksum included, is unchanged (the checksum covers
//  the message only, with the message's length in the pseudo-header).
//
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |      'F'      |      'H'      |      'M'      |      '1'      |  magic and trailer version
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                 Counter (64 bits, big endian):                |
//  |      microseconds since the Unix epoch, strictly increasing   |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |              HMAC-SHA256 (32 bytes) over, in order:           |
//  |   IPv4 source (4) | IPv4 destination (4) | protocol 112 (1) | |
//  |   the VRRP message (8 + 4n) | magic (4) | counter (8)         |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

/// <summary>
/// Fulcrum's HMAC advert authentication: signs and checks the 44-byte trailer drawn above. The
/// addresses are signed so an advert cannot be re-sent from another source or to another peer; the
/// counter, checked by the receiver to increase per source and to be near its own clock, stops replays.
/// </summary>
public static class VrrpHmacTrailer
{
    /// <summary>Trailer length: magic 4, counter 8, MAC 32.</summary>
    public const int Length = 44;

    private const int MagicLength = 4;
    private const int CounterOffset = 4;
    private const int MacOffset = 12;
    private const int MacLength = 32;
    private const int AddressesLength = 9;

    private static ReadOnlySpan<byte> Magic => "FHM1"u8;

    /// <summary>Writes the trailer for <paramref name="message"/> sent from <paramref name="source"/> to <paramref name="destination"/>.</summary>
    public static void Write(VrrpHmacKey key, ReadOnlySpan<byte> message, ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, ulong counter, Span<byte> trailer)
    {
        ArgumentNullException.ThrowIfNull(key);
        Magic.CopyTo(trailer);
        BinaryPrimitives.WriteUInt64BigEndian(trailer[CounterOffset..], counter);
        Span<byte> signed = stackalloc byte[AddressesLength + message.Length + MacOffset];
        Fill(signed, message, source, destination, trailer[..MacOffset]);
        key.Compute(signed, trailer.Slice(MacOffset, MacLength));
    }

    /// <summary>Checks a received trailer; <paramref name="counter"/> is its counter when the MAC is right.</summary>
    public static bool Verify(VrrpHmacKey key, ReadOnlySpan<byte> message, ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, ReadOnlySpan<byte> trailer, out ulong counter)
    {
        ArgumentNullException.ThrowIfNull(key);
        counter = 0;
        if (trailer.Length != Length || !trailer[..MagicLength].SequenceEqual(Magic))
        {
            return false;
        }

        Span<byte> signed = stackalloc byte[AddressesLength + message.Length + MacOffset];
        Fill(signed, message, source, destination, trailer[..MacOffset]);
        Span<byte> expected = stackalloc byte[MacLength];
        key.Compute(signed, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, trailer.Slice(MacOffset, MacLength)))
        {
            return false;
        }

        counter = BinaryPrimitives.ReadUInt64BigEndian(trailer[CounterOffset..]);
        return true;
    }

    private static void Fill(Span<byte> signed, ReadOnlySpan<byte> message, ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, ReadOnlySpan<byte> magicAndCounter)
    {
        source.CopyTo(signed);
        destination.CopyTo(signed[4..]);
        signed[8] = VrrpConstants.IpProtocolNumber;
        message.CopyTo(signed[AddressesLength..]);
        magicAndCounter.CopyTo(signed[(AddressesLength + message.Length)..]);
    }
}
