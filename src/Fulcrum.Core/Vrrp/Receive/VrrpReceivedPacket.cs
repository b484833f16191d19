using System.Net;

namespace Fulcrum.Core.Vrrp;

/// <summary>
/// A structurally valid VRRP datagram as <see cref="VrrpPacketReader"/> decoded it: the advert and
/// the fields the receive filter's policy checks need.
/// </summary>
internal readonly ref struct VrrpReceivedPacket
{
    public VrrpReceivedPacket(
        VrrpAdvertisement advertisement,
        IPAddress source,
        byte timeToLive,
        VrrpAuthType authType,
        ReadOnlySpan<byte> authenticationData,
        ReadOnlySpan<byte> message,
        ReadOnlySpan<byte> sourceBytes,
        ReadOnlySpan<byte> destinationBytes,
        ReadOnlySpan<byte> hmacTrailer)
    {
        Message = message;
        SourceBytes = sourceBytes;
        DestinationBytes = destinationBytes;
        HmacTrailer = hmacTrailer;
        Advertisement = advertisement;
        Source = source;
        TimeToLive = timeToLive;
        AuthType = authType;
        AuthenticationData = authenticationData;
    }

    public VrrpAdvertisement Advertisement { get; }

    public IPAddress Source { get; }

    public byte TimeToLive { get; }

    /// <summary>v2 only; <see cref="VrrpAuthType.None"/> for v3.</summary>
    public VrrpAuthType AuthType { get; }

    /// <summary>v2 only: the 8 bytes after the addresses; empty for v3.</summary>
    public ReadOnlySpan<byte> AuthenticationData { get; }

    /// <summary>The VRRP message, without an HMAC trailer.</summary>
    public ReadOnlySpan<byte> Message { get; }

    /// <summary>The IPv4 source as sent.</summary>
    public ReadOnlySpan<byte> SourceBytes { get; }

    /// <summary>The IPv4 destination as sent.</summary>
    public ReadOnlySpan<byte> DestinationBytes { get; }

    /// <summary>HMAC mode: the trailer after the message; empty otherwise.</summary>
    public ReadOnlySpan<byte> HmacTrailer { get; }
}
