using System.Net;

namespace Fulcrum.Core.Vrrp;

/// <summary>
/// The one receive path for VRRP datagrams: every check of RFC 5798 §7.1 and RFC 3768 §7.1, in
/// order, structural ones (<see cref="VrrpPacketReader"/>) first, then those that depend on our
/// configuration. A datagram is either an accepted advert or a <see cref="VrrpRejectReason"/>.
/// In HMAC mode the filter remembers the last counter accepted from each source, so one filter
/// serves one receive thread (not thread-safe).
/// </summary>
public sealed class VrrpReceiveFilter
{
    private readonly VrrpReceiveFilterOptions _options;
    private readonly ushort _v2IntervalCentiseconds;
    private readonly Dictionary<IPAddress, ulong> _lastCounters = [];

    /// <summary>Creates a filter for <paramref name="options"/>.</summary>
    public VrrpReceiveFilter(VrrpReceiveFilterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.VirtualRouterIds.Count == 0 || options.VirtualRouterIds.Contains(0))
        {
            throw new ArgumentException("The filter needs at least one VRID, each 1–255.", nameof(options));
        }

        var seconds = options.V2AdvertisementInterval.TotalSeconds;
        if (options.Version == VrrpVersion.V2 && (seconds != Math.Floor(seconds) || seconds is < 1 or > VrrpConstants.MaximumV2IntervalSeconds))
        {
            throw new ArgumentException("A v2 advertisement interval is whole seconds, 1–255 (RFC 3768 §5.3.7).", nameof(options));
        }

        _options = options;
        _v2IntervalCentiseconds = (ushort)(seconds * 100);
    }

    /// <summary>Checks a datagram as received from a raw socket, IPv4 header included.</summary>
    /// <returns><see cref="VrrpRejectReason.None"/> with the advert, or the reason it was rejected.</returns>
    public VrrpRejectReason Check(ReadOnlySpan<byte> datagram, out VrrpAdvertisement? advertisement) =>
        Check(datagram, out advertisement, out _);

    /// <summary>As <see cref="Check(ReadOnlySpan{byte}, out VrrpAdvertisement?)"/>, also giving the IP source.</summary>
    public VrrpRejectReason Check(ReadOnlySpan<byte> datagram, out VrrpAdvertisement? advertisement, out IPAddress? source)
    {
        advertisement = null;
        source = null;

        var reason = VrrpPacketReader.Read(datagram, _options.Hmac is not null, out var packet);
        if (reason == VrrpRejectReason.None)
        {
            reason = CheckPolicy(packet);
        }

        if (reason == VrrpRejectReason.None)
        {
            advertisement = packet.Advertisement;
            source = packet.Source;
        }

        return reason;
    }

    private VrrpRejectReason CheckPolicy(VrrpReceivedPacket packet)
    {
        var advertisement = packet.Advertisement;

        // RFC 5798 §7.1: MUST verify that the IPv4 TTL is 255.
        if (_options.RequireMaximumTtl && packet.TimeToLive != VrrpConstants.Ttl)
        {
            return VrrpRejectReason.BadTtl;
        }

        // RFC 5798 §7.1: MUST verify the VRRP version.
        if (advertisement.Version != _options.Version)
        {
            return VrrpRejectReason.VersionMismatch;
        }

        if (advertisement.Addresses.Count > _options.MaximumAddressCount)
        {
            return VrrpRejectReason.AddressCountOutOfRange;
        }

        // RFC 5798 §7.1: MUST verify that the VRID is configured on the receiving interface.
        if (!_options.VirtualRouterIds.Contains(advertisement.VirtualRouterId))
        {
            return VrrpRejectReason.UnknownVirtualRouterId;
        }

        if (_options.UnicastPeers.Count > 0 && !_options.UnicastPeers.Contains(packet.Source))
        {
            return VrrpRejectReason.SourceNotConfiguredPeer;
        }

        if (_options.Hmac is { } key)
        {
            var hmacReason = CheckHmac(key, packet);
            if (hmacReason != VrrpRejectReason.None)
            {
                return hmacReason;
            }
        }

        if (advertisement.Version == VrrpVersion.V2)
        {
            // RFC 3768 §7.1: MUST verify that the Auth Type matches the local method.
            if (packet.AuthType != _options.Authentication.Type)
            {
                return VrrpRejectReason.AuthTypeMismatch;
            }

            if (!_options.Authentication.Verify(packet.AuthenticationData))
            {
                return VrrpRejectReason.AuthenticationFailed;
            }

            // RFC 3768 §7.1: MUST verify that the Adver Interval matches the local one.
            if (advertisement.IntervalCentiseconds != _v2IntervalCentiseconds)
            {
                return VrrpRejectReason.AdvertIntervalMismatch;
            }
        }

        return VrrpRejectReason.None;
    }

    private VrrpRejectReason CheckHmac(VrrpHmacKey key, VrrpReceivedPacket packet)
    {
        if (!VrrpHmacTrailer.Verify(key, packet.Message, packet.SourceBytes, packet.DestinationBytes, packet.HmacTrailer, out var counter))
        {
            return VrrpRejectReason.HmacInvalid;
        }

        if (_lastCounters.TryGetValue(packet.Source, out var last) && counter <= last)
        {
            return VrrpRejectReason.HmacReplayed;
        }

        // After a restart we remember no counter: the clock bounds how old a replayed advert can be.
        var sent = DateTimeOffset.UnixEpoch.AddTicks((long)Math.Min(counter, (ulong)(DateTimeOffset.MaxValue - DateTimeOffset.UnixEpoch).Ticks / 10) * 10);
        if ((sent - _options.Time.GetUtcNow()).Duration() > _options.HmacMaximumClockSkew)
        {
            return VrrpRejectReason.HmacClockSkew;
        }

        _lastCounters[packet.Source] = counter;
        return VrrpRejectReason.None;
    }
}
