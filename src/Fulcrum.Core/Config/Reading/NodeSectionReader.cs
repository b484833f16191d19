using System.Net;
using Fulcrum.Core.Collections;
using Fulcrum.Core.Config.Text;
using Fulcrum.Core.Config.Yaml;

namespace Fulcrum.Core.Config.Reading;

/// <summary>Reads <c>nodes:</c>: names, VRRP priorities and one address per network.</summary>
internal sealed class NodeSectionReader(ValueReader values, NetworkSet networks)
{
    private readonly DiagnosticBag _diagnostics = values.Diagnostics;

    public NodeSet Read(YamlValue? section)
    {
        var nodes = new NodeSet();
        MappingReader? mapping = MappingReader.Open(section, "nodes", knownKeys: null, _diagnostics);
        if (mapping is null)
        {
            return nodes;
        }

        nodes.DeclaredCount = mapping.Entries.Count;
        if (mapping.Entries.Count == 0)
        {
            _diagnostics.Error(mapping.Start, "nodes is empty; list the two balancers of the pair");
        }
        else if (mapping.Entries.Count == 1)
        {
            _diagnostics.Warning(mapping.Entries[0].Key.Start, $"node '{mapping.Entries[0].Key.Text}' has no peer: there is no failover");
        }

        var priorities = new Dictionary<int, string>();
        for (int i = 0; i < mapping.Entries.Count; i++)
        {
            YamlEntry entry = mapping.Entries[i];
            string name = entry.Key.Text;
            if (i == 2)
            {
                _diagnostics.Error(entry.Key.Start, "a Fulcrum cluster is a pair: at most two nodes");
            }

            if (!Names.IsValidNodeName(name))
            {
                _diagnostics.Error(entry.Key.Start, $"node name '{name}' is not valid: use {Names.NodeNameRule}");
            }

            MappingReader? node = MappingReader.Open(entry.Value, $"node '{name}'", ConfigKeys.Node, _diagnostics);
            if (node is null)
            {
                continue;
            }

            // RFC 5798 §5.2.4: 255 is reserved for the address owner and 0 for "stop being master".
            bool hasPriority = values.TryInt(node.Required("priority"), "priority", 1, 254, out int priority);
            if (hasPriority && !priorities.TryAdd(priority, name))
            {
                _diagnostics.Warning(
                    node.Optional("priority")!.Start,
                    $"nodes '{priorities[priority]}' and '{name}' have the same priority {priority}; give the preferred master the higher one");
            }

            EquatableArray<NodeAddress>? addresses = ReadAddresses(node, name, nodes);
            if (hasPriority && addresses is { } valid)
            {
                nodes.Valid.Add(new NodeConfig(name, (byte)priority, valid));
            }
        }

        return nodes;
    }

    private EquatableArray<NodeAddress>? ReadAddresses(MappingReader node, string nodeName, NodeSet nodes)
    {
        MappingReader? addresses = MappingReader.Open(node.Required("addresses"), $"addresses of node '{nodeName}'", knownKeys: null, _diagnostics);
        if (addresses is null)
        {
            return null;
        }

        bool ok = true;
        var result = new List<NodeAddress>();
        foreach (YamlEntry entry in addresses.Entries)
        {
            string networkName = entry.Key.Text;
            if (!networks.DeclaredNames.Contains(networkName))
            {
                _diagnostics.Error(entry.Key.Start, $"there is no network '{networkName}'{Spelling.DidYouMean(networkName, networks.DeclaredNames)}");
                ok = false;
                continue;
            }

            if (!values.TryParse(entry.Value, "address", AddressText.TryParseAddress, out IPAddress address))
            {
                ok = false;
                continue;
            }

            CheckAddress(address, entry.Value.Start, nodeName, networkName, nodes);
            result.Add(new NodeAddress(networkName, address));
        }

        foreach (string missing in networks.DeclaredNames.Where(n => !addresses.Entries.Any(e => e.Key.Text == n)))
        {
            _diagnostics.Error(addresses.Start, $"node '{nodeName}' has no address on network '{missing}'");
            ok = false;
        }

        return ok ? result.ToEquatableArray() : null;
    }

    private void CheckAddress(IPAddress address, SourceMark at, string nodeName, string networkName, NodeSet nodes)
    {
        NetworkConfig? network = networks.Valid.GetValueOrDefault(networkName);
        if (Ipv6Support.CheckAddress(address, network, at, _diagnostics))
        {
            network = null;
        }

        if (network is not null)
        {
            if (!network.Prefix.Contains(address))
            {
                _diagnostics.Error(at, $"address {address} of node '{nodeName}' is outside network '{networkName}' ({network.Prefix})");
            }
            else if (network.Vips.Contains(address))
            {
                _diagnostics.Error(at, $"address {address} of node '{nodeName}' is a VIP of network '{networkName}'; a node's own address must differ from the VIPs");
            }
        }

        if (!nodes.AddressOwners.TryAdd(address, nodeName))
        {
            _diagnostics.Error(at, $"address {address} is already node '{nodes.AddressOwners[address]}''s address; every node needs its own");
        }
    }
}
