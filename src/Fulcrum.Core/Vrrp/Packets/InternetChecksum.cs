using System.Buffers.Binary;

namespace Fulcrum.Core.Vrrp;

/// <summary>
/// The 16-bit one's complement Internet checksum (RFC 1071), which both VRRP versions use.
/// Sums are accumulated separately so a pseudo-header can be added before folding.
/// </summary>
internal static class InternetChecksum
{
    /// <summary>Adds <paramref name="data"/> as big-endian 16-bit words (odd tail padded with zero) to <paramref name="sum"/>.</summary>
    public static ulong Add(ulong sum, ReadOnlySpan<byte> data)
    {
        var index = 0;
        for (; index + 1 < data.Length; index += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[index..]);
        }

        if (index < data.Length)
        {
            sum += (ulong)data[index] << 8;
        }

        return sum;
    }

    /// <summary>Folds the carries into 16 bits and complements: the value to put in a checksum field.</summary>
    public static ushort Complete(ulong sum)
    {
        while (sum > 0xFFFF)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (ushort)~sum;
    }
}
