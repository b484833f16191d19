namespace Fulcrum.Core.Firewall;

/// <summary>What a firewall set holds.</summary>
public enum FirewallSetKind
{
    /// <summary>IPv4 prefixes (<c>type ipv4_addr; flags interval</c>), fixed.</summary>
    Prefixes,

    /// <summary>IPv4 addresses filled from the packet path (<c>flags dynamic,timeout</c>).</summary>
    DynamicAddresses,

    /// <summary>Virtual services: <c>ipv4_addr . inet_proto . inet_service</c> with port ranges.</summary>
    Services,

    /// <summary>Per-source connection counts (<c>ct count</c> kept per element; <c>flags dynamic</c>, no timeout: an element goes with its last connection).</summary>
    ClientCounts,
}
