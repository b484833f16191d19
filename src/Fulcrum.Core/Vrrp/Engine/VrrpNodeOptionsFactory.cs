using Fulcrum.Core.Config;

namespace Fulcrum.Core.Vrrp;

/// <summary>
/// Turns one node's view of the configuration into its VRRP engine settings: one instance per
/// network that has VIPs (named after the network, on its interface, with the node's address there
/// as primary address), all in one sync group named after the cluster. A network without VIPs is
/// still tracked: its link going down is a fault. <c>ha.track</c> adds interfaces, services'
/// quorum (<c>service:NAME</c>, fed by the health engine) and commands (<c>command:NAME</c>).
/// </summary>
public static class VrrpNodeOptionsFactory
{
    /// <summary>The engine settings for <paramref name="view"/>.</summary>
    /// <param name="view">The node's view of the configuration.</param>
    /// <param name="hmacKey">The key read from <c>ha.auth.key_file</c>; required in HMAC mode (<see cref="VrrpHmacKey.ReadFile"/>).</param>
    public static VrrpNodeOptions Create(NodeView view, VrrpHmacKey? hmacKey = null)
    {
        ArgumentNullException.ThrowIfNull(view);
        var ha = view.Cluster.Ha;
        if (ha.Auth.Mode == HaAuthMode.Hmac && hmacKey is null)
        {
            throw new ArgumentException("ha.auth is hmac: pass the key read from its key_file.", nameof(hmacKey));
        }

        IVrrpAuthentication authentication = ha.Auth.Mode == HaAuthMode.Password
            ? new VrrpSimplePasswordAuthentication(ha.Auth.Password!)
            : VrrpNoAuthentication.Instance;
        var hmac = ha.Auth.Mode == HaAuthMode.Hmac ? hmacKey : null;
        var version = ha.Version == 2 ? VrrpVersion.V2 : VrrpVersion.V3;
        var members = new List<VrrpMemberOptions>();
        var tracking = new List<VrrpTrackedObject>();
        foreach (var network in view.Cluster.Networks)
        {
            if (network.Vips.Count == 0)
            {
                tracking.Add(new VrrpTrackedObject(VrrpTrackedObject.InterfaceName(network.Interface), 0));
                continue;
            }

            members.Add(new VrrpMemberOptions
            {
                Instance = new VrrpInstanceOptions
                {
                    Name = network.Name,
                    Version = version,
                    VirtualRouterId = ha.Vrid,
                    Priority = view.Self.Priority,
                    AdvertisementInterval = ha.Advert,
                    Preempt = ha.Preempt,
                    PreemptDelay = ha.PreemptDelay,
                    PrimaryAddress = view.AddressOn(network),
                    VirtualAddresses = [.. network.Vips],
                },
                Interface = network.Interface,
                PrefixLength = network.Prefix.PrefixLength,
                UnicastPeers = ha.Unicast ? [.. view.PeerAddressesOn(network)] : [],
                Authentication = authentication,
                Hmac = hmac,
            });
        }

        tracking.AddRange(ha.Track.Interfaces.Select(t => new VrrpTrackedObject(VrrpTrackedObject.InterfaceName(t.Name), t.Weight)));
        tracking.AddRange(ha.Track.Services.Select(t => new VrrpTrackedObject(VrrpTrackedObject.ServiceName(t.Name), t.Weight)));
        tracking.AddRange(ha.Track.Commands.Select(c => new VrrpTrackedObject(VrrpTrackedObject.CommandName(c.Name), c.Weight)));

        return new VrrpNodeOptions
        {
            GroupName = view.Cluster.Cluster,
            Members = members,
            Tracking = tracking,
            GratuitousArp = new GratuitousArpOptions { Count = ha.Garp.Count, Interval = ha.Garp.Interval, Refresh = ha.Garp.Refresh },
            FlowHandOff = ha.FlowHandOff,
            TrackedCommands =
            [
                .. ha.Track.Commands.Select(c => new VrrpCommandTrackerOptions
                {
                    TrackedName = VrrpTrackedObject.CommandName(c.Name),
                    Run = c.Run,
                    Interval = c.Interval,
                    Timeout = c.Timeout,
                    Rise = c.Rise,
                    Fall = c.Fall,
                }),
            ],
        };
    }

    /// <summary>The receive filter settings for <paramref name="member"/>'s interface.</summary>
    /// <param name="member">The member.</param>
    /// <param name="time">The clock HMAC counters are checked against; the system clock when null.</param>
    public static VrrpReceiveFilterOptions CreateFilterOptions(VrrpMemberOptions member, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(member);
        var instance = member.Instance;
        return new VrrpReceiveFilterOptions
        {
            Version = instance.Version,
            VirtualRouterIds = new HashSet<byte> { instance.VirtualRouterId },
            UnicastPeers = member.UnicastPeers.ToHashSet(),
            Authentication = member.Authentication,
            Hmac = member.Hmac,
            Time = time ?? TimeProvider.System,
            V2AdvertisementInterval = instance.Version == VrrpVersion.V2 ? instance.AdvertisementInterval : TimeSpan.FromSeconds(1),
        };
    }
}
