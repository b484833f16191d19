using System.Net;
using Fulcrum.Core.Collections;

namespace Fulcrum.Core.Config;

/// <summary>The cluster configuration as one node sees it: itself, its peer and its addresses.</summary>
public sealed record NodeView(ClusterConfig Cluster, NodeConfig Self, EquatableArray<NodeConfig> Peers)
{
    /// <summary>The other node of the pair, or null when the cluster has a single node (no failover).</summary>
    public NodeConfig? Peer => Peers.Count > 0 ? Peers[0] : null;

    /// <summary>This node's address on the public network.</summary>
    public IPAddress PublicAddress => AddressOn(Cluster.PublicNetwork);

    /// <summary>This node's address on the private network.</summary>
    public IPAddress PrivateAddress => AddressOn(Cluster.PrivateNetwork);

    /// <summary>This node's address on <paramref name="network"/> (every node has one on every network).</summary>
    public IPAddress AddressOn(NetworkConfig network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return Self.AddressOn(network.Name)
            ?? throw new InvalidOperationException($"node '{Self.Name}' has no address on network '{network.Name}'");
    }

    /// <summary>The peers' addresses on <paramref name="network"/>, where unicast adverts go.</summary>
    public EquatableArray<IPAddress> PeerAddressesOn(NetworkConfig network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return Peers.Select(p => p.AddressOn(network.Name)).OfType<IPAddress>().ToEquatableArray();
    }
}
