using System.Net;
using Fulcrum.Core.Collections;

namespace Fulcrum.Core.Config;

/// <summary>One balancer of the pair: its VRRP priority and its own fixed address on each network.</summary>
public sealed record NodeConfig(string Name, byte Priority, EquatableArray<NodeAddress> Addresses)
{
    /// <summary>This node's address on the network called <paramref name="network"/>, or null.</summary>
    public IPAddress? AddressOn(string network) =>
        Addresses.FirstOrDefault(a => a.Network == network)?.Address;
}
