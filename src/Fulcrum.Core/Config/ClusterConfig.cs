using Fulcrum.Core.Collections;

namespace Fulcrum.Core.Config;

/// <summary>
/// The whole configuration of a balancer pair, as loaded from one file. Both nodes read the same
/// file; <see cref="ForNode"/> picks one node's point of view. A config returned by
/// <see cref="ConfigLoader"/> without errors is fully validated.
/// </summary>
public sealed record ClusterConfig(
    string Cluster,
    EquatableArray<NodeConfig> Nodes,
    EquatableArray<NetworkConfig> Networks,
    HaConfig Ha,
    EquatableArray<VirtualServiceConfig> Services,
    FirewallConfig Firewall,
    GlobalSettings Global)
{
    /// <summary>The network clients reach the VIPs on (exactly one in a valid config).</summary>
    public NetworkConfig PublicNetwork => Networks.First(n => n.Role == NetworkRole.Public);

    /// <summary>The network of the real servers (exactly one in a valid config).</summary>
    public NetworkConfig PrivateNetwork => Networks.First(n => n.Role == NetworkRole.Private);

    /// <summary>The node called <paramref name="name"/>, or null.</summary>
    public NodeConfig? FindNode(string name) => Nodes.FirstOrDefault(n => n.Name == name);

    /// <summary>The network called <paramref name="name"/>, or null.</summary>
    public NetworkConfig? FindNetwork(string name) => Networks.FirstOrDefault(n => n.Name == name);

    /// <summary>The service called <paramref name="name"/>, or null.</summary>
    public VirtualServiceConfig? FindService(string name) => Services.FirstOrDefault(s => s.Name == name);

    /// <summary>The configuration seen from node <paramref name="name"/> (what <c>--node NAME</c> selects).</summary>
    /// <exception cref="ArgumentException">No node has that name; check with <see cref="FindNode"/> first.</exception>
    public NodeView ForNode(string name)
    {
        NodeConfig self = FindNode(name) ?? throw new ArgumentException(
            $"node '{name}' is not in cluster '{Cluster}' (nodes: {string.Join(", ", Nodes.Select(n => n.Name))})",
            nameof(name));
        return new NodeView(this, self, Nodes.Where(n => n.Name != name).ToEquatableArray());
    }
}
