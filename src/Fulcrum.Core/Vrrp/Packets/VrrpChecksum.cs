using System.Net;

namespace Fulcrum.Core.Vrrp;

/// <summary>
/// The VRRP checksum of each version. Computing it over a packet whose checksum field holds a
/// correct value yields zero, which is how receivers verify it.
/// </summary>
internal static class VrrpChecksum
{
    /// <summary>
    /// v3 over IPv4: the Internet checksum of the IPv4 pseudo-header (source, destination, zero,
    /// protocol 112, VRRP length) followed by the VRRP message. RFC 5798 §5.2.8.
    /// </summary>
    public static ushort ComputeV3(ReadOnlySpan<byte> vrrpMessage, ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination)
    {
        var sum = InternetChecksum.Add(0, source);
        sum = InternetChecksum.Add(sum, destination);
        sum += VrrpConstants.IpProtocolNumber; // zero byte, then the protocol byte: one word
        sum += (ulong)vrrpMessage.Length;
        return InternetChecksum.Complete(InternetChecksum.Add(sum, vrrpMessage));
    }

    /// <summary>v3 over IPv4 with the addresses as <see cref="IPAddress"/>.</summary>
    public static ushort ComputeV3(ReadOnlySpan<byte> vrrpMessage, IPAddress source, IPAddress destination)
    {
        Span<byte> sourceBytes = stackalloc byte[4];
        Span<byte> destinationBytes = stackalloc byte[4];
        source.TryWriteBytes(sourceBytes, out _);
        destination.TryWriteBytes(destinationBytes, out _);
        return ComputeV3(vrrpMessage, sourceBytes, destinationBytes);
    }

    /// <summary>v2: the Internet checksum of the VRRP message alone, authentication data included. RFC 3768 §5.3.8.</summary>
    public static ushort ComputeV2(ReadOnlySpan<byte> vrrpMessage) =>
        InternetChecksum.Complete(InternetChecksum.Add(0, vrrpMessage));
}
