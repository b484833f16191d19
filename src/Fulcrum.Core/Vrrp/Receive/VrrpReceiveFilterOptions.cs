using System.Collections.Frozen;
using System.Net;

namespace Fulcrum.Core.Vrrp;

/// <summary>What the receive filter accepts on one interface: the policy half of RFC 5798 §7.1 / RFC 3768 §7.1.</summary>
public sealed record VrrpReceiveFilterOptions
{
    /// <summary>The version we run; adverts of the other version are rejected.</summary>
    public VrrpVersion Version { get; init; } = VrrpVersion.V3;

    /// <summary>The VRIDs we run on this interface.</summary>
    public required IReadOnlySet<byte> VirtualRouterIds { get; init; }

    /// <summary>Unicast mode when not empty: adverts must come from one of these sources.</summary>
    public IReadOnlySet<IPAddress> UnicastPeers { get; init; } = FrozenSet<IPAddress>.Empty;

    /// <summary>
    /// Whether the TTL must be 255 (RFC 5798 §7.1). Always true for multicast; unicast peers behind
    /// a router arrive with a lower TTL, so unicast deployments may turn it off, as keepalived does.
    /// </summary>
    public bool RequireMaximumTtl { get; init; } = true;

    /// <summary>v2 authentication method; ignored for v3.</summary>
    public IVrrpAuthentication Authentication { get; init; } = VrrpNoAuthentication.Instance;

    /// <summary>v2: our Adver Int, which a v2 advert must carry (RFC 3768 §7.1). Whole seconds.</summary>
    public TimeSpan V2AdvertisementInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>HMAC mode (v3, Fulcrum peers): every advert must carry a valid <see cref="VrrpHmacTrailer"/>; null: off.</summary>
    public VrrpHmacKey? Hmac { get; init; }

    /// <summary>HMAC mode: how far a counter (a time stamp) may be from our clock.</summary>
    public TimeSpan HmacMaximumClockSkew { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>HMAC mode: the clock the counters are compared with.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Local sanity limit on the address count (the field allows up to 255).</summary>
    public byte MaximumAddressCount { get; init; } = byte.MaxValue;
}
