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
        ReadOnlySpan<byte> authenticationData)
    {
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
}
