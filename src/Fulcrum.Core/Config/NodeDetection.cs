using System.Globalization;
using System.Net;

namespace Fulcrum.Core.Config;

/// <summary>
/// Which node of the file this host is, when the command line does not say (<c>--node</c>): the node
/// whose own fixed address is on its network's interface here; failing that, the node named like the
/// host (its short name); else none, with an error that lists the nodes. So on a balancer
/// <c>fulcrum status</c> needs no arguments, while the lab (both nodes' files on one host, neither
/// address in the host's own namespace) still says <c>--node</c>.
/// </summary>
public static class NodeDetection
{
    /// <summary>Picks this host's node of <paramref name="config"/>.</summary>
    /// <param name="config">The valid configuration.</param>
    /// <param name="addressesOn">The IPv4 addresses on an interface of this host (empty when there is no such interface).</param>
    /// <param name="hostName">This host's name (<c>uname -n</c>), or null when unknown.</param>
    public static NodeDetectionResult Detect(ClusterConfig config, Func<string, IReadOnlyCollection<IPAddress>> addressesOn, string? hostName)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(addressesOn);
        var byAddress = new List<(NodeConfig Node, string Why)>();
        foreach (var node in config.Nodes)
        {
            foreach (var own in node.Addresses)
            {
                if (config.FindNetwork(own.Network) is { } network && addressesOn(network.Interface).Contains(own.Address))
                {
                    byAddress.Add((node, $"its address {own.Address} is on {network.Interface}"));
                    break;
                }
            }
        }

        if (byAddress.Count == 1)
        {
            return new(byAddress[0].Node, byAddress[0].Why, null);
        }

        string nodes = string.Join(", ", config.Nodes.Select(n =>
            n.Name + " (" + string.Join(", ", n.Addresses.Select(a => a.Address.ToString())) + ")"));
        if (byAddress.Count > 1)
        {
            return new(null, null,
                $"more than one node's own address is on this host's interfaces ({string.Join("; ", byAddress.Select(m => m.Node.Name + ": " + m.Why))}); say which with --node NAME");
        }

        string? shortName = hostName?.Split('.', 2)[0];
        if (!string.IsNullOrEmpty(shortName)
            && config.Nodes.FirstOrDefault(n => string.Equals(n.Name, shortName, StringComparison.OrdinalIgnoreCase)) is { } named)
        {
            return new(named, string.Create(CultureInfo.InvariantCulture, $"it is named like this host ({hostName})"), null);
        }

        return new(null, null,
            $"cannot tell which node this host is: no node's own address is on its interfaces and no node is named '{shortName ?? "?"}' like the host; " +
            $"give --node NAME (nodes: {nodes})");
    }
}
