using System.Net;

namespace Fulcrum.Lab;

/// <summary>A host of the lab (client, balancer or real server), living in its own network namespace.</summary>
/// <param name="Name">Short name without the prefix: <c>client</c>, <c>lb1</c>, <c>rs3</c>.</param>
/// <param name="Namespace">The network namespace: prefix + name.</param>
/// <param name="Role">What the node stands for.</param>
/// <param name="Links">Its interfaces, in the order they are created (eth0, eth1).</param>
/// <param name="DefaultGateway">The default route's gateway, or null when the connected subnets suffice.</param>
public sealed record LabNode(
    string Name,
    string Namespace,
    LabRole Role,
    IReadOnlyList<LabLink> Links,
    IPAddress? DefaultGateway)
{
    /// <summary>This node's link on the given network.</summary>
    /// <exception cref="InvalidOperationException">The node is not on that network.</exception>
    public LabLink LinkOn(LabNetwork network) =>
        Links.FirstOrDefault(l => l.Network == network)
        ?? throw new InvalidOperationException($"{Name} has no interface on the {network.Bridge} network");

    /// <summary>This node's address on the given network.</summary>
    public IPAddress AddressOn(LabNetwork network) => LinkOn(network).Address;
}
