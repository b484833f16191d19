using System.Net;

namespace Fulcrum.Lab;

/// <summary>
/// A veth pair joining a namespace to a bridge: <see cref="Interface"/> inside the node's namespace,
/// <see cref="SwitchPort"/> inside the switch namespace, enslaved to the network's bridge.
/// </summary>
public sealed record LabLink(string Interface, string SwitchPort, LabNetwork Network, IPAddress Address)
{
    /// <summary>The address in CIDR notation, as <c>ip addr add</c> takes it.</summary>
    public string Cidr => $"{Address}/{Network.PrefixLength}";
}
