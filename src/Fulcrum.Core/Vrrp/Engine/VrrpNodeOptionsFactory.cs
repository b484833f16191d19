using Fulcrum.Core.Config;

namespace Fulcrum.Core.Vrrp;

/// <summary>
/// Turns one node's view of the configuration into its VRRP engine settings: one instance per
/// network that has VIPs (named after the network, on its interface, with the node's address there
/// as primary address), all in one sync group named after the cluster. A network without VIPs is
/// still tracked: its link going down is a fault.
/// </summary>
public static class VrrpNodeOptionsFactory
{
    /// <summary>The engine settings for <paramref name="view"/>.</summary>
    public static VrrpNodeOptions Create(NodeView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var ha = view.Cluster.Ha;
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
            });
        }

        return new VrrpNodeOptions
        {
            GroupName = view.Cluster.Cluster,
            Members = members,
            Tracking = tracking,
        };
    }

    /// <summary>The receive filter settings for <paramref name="member"/>'s interface.</summary>
    public static VrrpReceiveFilterOptions CreateFilterOptions(VrrpMemberOptions member)
    {
        ArgumentNullException.ThrowIfNull(member);
        var instance = member.Instance;
        return new VrrpReceiveFilterOptions
        {
            Version = instance.Version,
            VirtualRouterIds = new HashSet<byte> { instance.VirtualRouterId },
            UnicastPeers = member.UnicastPeers.ToHashSet(),
            Authentication = member.Authentication,
            V2AdvertisementInterval = instance.Version == VrrpVersion.V2 ? instance.AdvertisementInterval : TimeSpan.FromSeconds(1),
        };
    }
}
