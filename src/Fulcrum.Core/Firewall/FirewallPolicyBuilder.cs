using System.Net;
using Fulcrum.Core.Collections;
using Fulcrum.Core.Config;
using Fulcrum.Core.Net;

namespace Fulcrum.Core.Firewall;

/// <summary>Builds a node's <see cref="FirewallPolicy"/> from its view of the configuration.</summary>
public static class FirewallPolicyBuilder
{
    /// <summary>Sources that are never genuine on a public network (RFC 6890 special-purpose ranges).</summary>
    public static IReadOnlyList<IPNetwork> Martians { get; } =
    [
        IPNetwork.Parse("0.0.0.0/8"),
        IPNetwork.Parse("127.0.0.0/8"),
        IPNetwork.Parse("169.254.0.0/16"),
        IPNetwork.Parse("224.0.0.0/4"),
        IPNetwork.Parse("240.0.0.0/4"),
    ];

    /// <summary>RFC 1918 private ranges: bogons on the public side unless the public or an admin network lies in them.</summary>
    public static IReadOnlyList<IPNetwork> PrivateRanges { get; } =
    [
        IPNetwork.Parse("10.0.0.0/8"),
        IPNetwork.Parse("172.16.0.0/12"),
        IPNetwork.Parse("192.168.0.0/16"),
    ];

    /// <summary>
    /// The policy of node <paramref name="view"/>. <paramref name="extraAdminPorts"/> are opened to the
    /// admin networks too (the daemon passes its API/metrics listen ports here).
    /// </summary>
    public static FirewallPolicy Build(NodeView view, IEnumerable<PortRule>? extraAdminPorts = null)
    {
        ArgumentNullException.ThrowIfNull(view);
        ClusterConfig cluster = view.Cluster;
        FirewallConfig firewall = cluster.Firewall;
        NetworkConfig publicNetwork = cluster.PublicNetwork;
        NetworkConfig privateNetwork = cluster.PrivateNetwork;

        var own = new List<IPAddress> { view.AddressOn(publicNetwork), view.AddressOn(privateNetwork) };
        own.AddRange(publicNetwork.Vips);
        own.AddRange(privateNetwork.Vips);

        var peers = new List<VrrpPeerAddress>();
        foreach (NetworkConfig network in cluster.Networks)
        {
            peers.AddRange(view.PeerAddressesOn(network).Select(a => new VrrpPeerAddress(network.Interface, a)));
        }

        var exempt = firewall.Admin.Ban.Exempt.ToList();
        exempt.AddRange(peers.Select(p => new IPNetwork(p.Address, 32)));
        if (firewall.Admin.Ban.ExemptAdmin)
        {
            // "from: 0.0.0.0/0" means anywhere, not an admin network: exempting it would turn banning off.
            exempt.AddRange(firewall.Admin.From.Where(n => n.PrefixLength > 0));
        }

        var adminPorts = firewall.Admin.Ports.ToList();
        foreach (PortRule extra in extraAdminPorts ?? [])
        {
            if (!adminPorts.Contains(extra))
            {
                adminPorts.Add(extra);
            }
        }

        var bogons = new List<IPNetwork> { privateNetwork.Prefix };
        bogons.AddRange(Martians);
        bogons.AddRange(PrivateRanges.Where(r =>
            !Overlaps(r, publicNetwork.Prefix) && !firewall.Admin.From.Any(a => Overlaps(r, a))));

        return new FirewallPolicy(
            publicNetwork.Interface,
            privateNetwork.Interface,
            publicNetwork.Prefix,
            privateNetwork.Prefix,
            publicNetwork.Vips[0],
            own.Distinct().ToEquatableArray(),
            peers.ToEquatableArray(),
            firewall.Admin.From,
            firewall.Admin.SshPort,
            adminPorts.ToEquatableArray(),
            firewall.Admin.Ban,
            exempt.Distinct().ToEquatableArray(),
            cluster.Services.Select(s => s.Listen).Distinct().ToEquatableArray(),
            firewall.Egress,
            firewall.IcmpEchoRate,
            firewall.AntiSpoofing,
            bogons.ToEquatableArray())
        {
            Vips = cluster.Networks.SelectMany(n => n.Vips).Distinct().ToEquatableArray(),
            SynProxyServices = cluster.Services.Where(s => s.SynProxy).Select(s => s.Listen).Distinct().ToEquatableArray(),
            LogGroup = firewall.LogGroup,
            ConnectionSync = SyncPeer(view),
            ClientLimits = cluster.Services.Where(s => s.ClientLimit is not null)
                .Select(s => new ServiceClientLimit(s.Name, s.Listen, s.ClientLimit!.Value)).ToEquatableArray(),
        };
    }

    /// <summary>The peer's private address and the sync port when <c>ha.connection_sync</c> is on and the node has a peer; else null.</summary>
    public static ConnectionSyncPeer? SyncPeer(NodeView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        ConnectionSyncConfig sync = view.Cluster.Ha.ConnectionSync;
        NetworkConfig privateNetwork = view.Cluster.PrivateNetwork;
        EquatableArray<IPAddress> peers = view.PeerAddressesOn(privateNetwork);
        return sync.Enabled && peers.Count > 0 ? new ConnectionSyncPeer(privateNetwork.Interface, peers[0], sync.Port) : null;
    }

    /// <summary>Whether two IPv4 prefixes share an address.</summary>
    public static bool Overlaps(IPNetwork a, IPNetwork b) => a.Contains(b.BaseAddress) || b.Contains(a.BaseAddress);
}
