using System.Net;

namespace Fulcrum.Core.Vrrp;

/// <summary>One instance of a node's sync group and where it runs: keepalived's <c>vrrp_instance</c> with its interface.</summary>
public sealed record VrrpMemberOptions
{
    /// <summary>The state machine's settings (name, VRID, priority, interval, primary address, VIPs).</summary>
    public required VrrpInstanceOptions Instance { get; init; }

    /// <summary>The interface the adverts use and the VIPs are added to.</summary>
    public required string Interface { get; init; }

    /// <summary>Prefix length the VIPs get (the network's), e.g. 24 for 203.0.113.100/24.</summary>
    public required int PrefixLength { get; init; }

    /// <summary>Unicast mode when not empty: adverts go to, and are accepted only from, these addresses.</summary>
    public IReadOnlyList<IPAddress> UnicastPeers { get; init; } = [];

    /// <summary>Authentication of adverts (see <see cref="IVrrpAuthentication"/>).</summary>
    public IVrrpAuthentication Authentication { get; init; } = VrrpNoAuthentication.Instance;

    /// <summary>HMAC mode (v3, Fulcrum peers): adverts carry a signed trailer (<see cref="VrrpHmacTrailer"/>); null: off.</summary>
    public VrrpHmacKey? Hmac { get; init; }
}
