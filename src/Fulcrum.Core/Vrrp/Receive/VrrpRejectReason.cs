namespace Fulcrum.Core.Vrrp;

/// <summary>
/// Why a received datagram was not accepted as an advert for us: one value per receive check of
/// RFC 5798 §7.1 and RFC 3768 §7.1, plus the structural checks of the IPv4 envelope.
/// </summary>
public enum VrrpRejectReason
{
    /// <summary>Accepted.</summary>
    None = 0,

    /// <summary>Fewer bytes than a minimal IPv4 header (20).</summary>
    TooShortForIpHeader,

    /// <summary>IP version nibble is not 4.</summary>
    NotIpv4,

    /// <summary>IHL below 5 words or beyond the datagram.</summary>
    BadIpHeaderLength,

    /// <summary>The IPv4 Total Length field does not match the datagram length.</summary>
    IpTotalLengthMismatch,

    /// <summary>IP protocol is not 112. RFC 5798 §5.1.1.4.</summary>
    NotVrrpProtocol,

    /// <summary>TTL is not 255 where it must be. RFC 5798 §7.1, RFC 3768 §7.1.</summary>
    BadTtl,

    /// <summary>Fewer than the 8 bytes of the fixed VRRP header after the IP header.</summary>
    TruncatedVrrpHeader,

    /// <summary>VRRP version is neither 2 nor 3.</summary>
    UnsupportedVersion,

    /// <summary>VRRP version is not the one configured. RFC 5798 §7.1, RFC 3768 §7.1.</summary>
    VersionMismatch,

    /// <summary>Type is not ADVERTISEMENT (1). RFC 5798 §5.2.2.</summary>
    UnknownType,

    /// <summary>Count of addresses is 0 (RFC 5798 §5.2.5) or above the configured limit.</summary>
    AddressCountOutOfRange,

    /// <summary>Fewer bytes than the declared address count (and v2 auth data) need. RFC 5798 §7.1.</summary>
    TruncatedVrrpPacket,

    /// <summary>More bytes than the declared address count (and v2 auth data) need.</summary>
    OversizedVrrpPacket,

    /// <summary>The VRRP checksum is wrong. RFC 5798 §5.2.8, RFC 3768 §5.3.8.</summary>
    BadChecksum,

    /// <summary>Advertisement interval is zero, which no timer can use.</summary>
    ZeroAdvertInterval,

    /// <summary>VRID is not one we run on this interface. RFC 5798 §7.1.</summary>
    UnknownVirtualRouterId,

    /// <summary>Unicast mode: the source is not a configured peer.</summary>
    SourceNotConfiguredPeer,

    /// <summary>v2 Auth Type differs from ours. RFC 3768 §7.1.</summary>
    AuthTypeMismatch,

    /// <summary>v2 authentication data does not verify (wrong password).</summary>
    AuthenticationFailed,

    /// <summary>v2 Adver Int differs from ours. RFC 3768 §7.1 (v3 instead learns the master's interval).</summary>
    AdvertIntervalMismatch,

    /// <summary>HMAC mode: the advert carries no HMAC trailer.</summary>
    HmacMissing,

    /// <summary>HMAC mode: the trailer's MAC does not verify (wrong key, altered advert or addresses).</summary>
    HmacInvalid,

    /// <summary>HMAC mode: the counter is not above the last one accepted from this source (a replay).</summary>
    HmacReplayed,

    /// <summary>HMAC mode: the counter (a time stamp) is further from our clock than the allowed skew.</summary>
    HmacClockSkew,
}
