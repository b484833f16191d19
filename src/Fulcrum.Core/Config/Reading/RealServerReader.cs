using System.Net;
using Fulcrum.Core.Collections;
using Fulcrum.Core.Config.Text;
using Fulcrum.Core.Config.Yaml;
using Fulcrum.Core.Net;

namespace Fulcrum.Core.Config.Reading;

/// <summary>
/// Reads a service's <c>servers:</c> and <c>sorry:</c>. With NAT, replies must route back
/// through the balancer, so every server lives on the private network.
/// </summary>
internal sealed class RealServerReader(ValueReader values, NetworkSet networks, NodeSet nodes)
{
    public const ushort DefaultWeight = 1;

    private readonly DiagnosticBag _diagnostics = values.Diagnostics;

    public EquatableArray<RealServerConfig>? ReadServers(MappingReader service, ListenEndpoint? listen)
    {
        YamlValue? section = service.Required("servers");
        if (!values.TryList(section, "servers", out IReadOnlyList<YamlValue> items))
        {
            return null;
        }

        if (items.Count == 0)
        {
            _diagnostics.Error(section!.Start, $"{service.Where} has no servers");
            return null;
        }

        bool ok = true;
        var servers = new List<RealServerConfig>();
        var seen = new HashSet<ServerEndpoint>();
        for (int i = 0; i < items.Count; i++)
        {
            MappingReader? server = MappingReader.Open(items[i], $"server {i + 1} of {service.Where}", ConfigKeys.Server, _diagnostics);
            if (server is null)
            {
                ok = false;
                continue;
            }

            YamlValue? address = server.Required("address");
            bool hasEndpoint = values.TryParse(address, "address", EndpointText.TryParseServer, out ServerEndpoint endpoint)
                && CheckEndpoint(endpoint, address!.Start, "real server", listen);
            if (hasEndpoint && !seen.Add(endpoint))
            {
                _diagnostics.Error(address!.Start, $"server {endpoint} is listed twice in {service.Where}");
                hasEndpoint = false;
            }

            int weight = DefaultWeight;
            bool hasWeight = !server.Has("weight") || values.TryInt(server.Optional("weight"), "weight", 0, ushort.MaxValue, out weight);
            if (hasEndpoint && hasWeight)
            {
                servers.Add(new RealServerConfig(endpoint, (ushort)weight));
            }
            else
            {
                ok = false;
            }
        }

        return ok ? servers.ToEquatableArray() : null;
    }

    public ServerEndpoint? ReadSorry(YamlValue? value, ListenEndpoint? listen) =>
        values.TryParse(value, "sorry", EndpointText.TryParseServer, out ServerEndpoint endpoint)
        && CheckEndpoint(endpoint, value!.Start, "sorry server", listen)
            ? endpoint
            : null;

    private bool CheckEndpoint(ServerEndpoint endpoint, SourceMark at, string what, ListenEndpoint? listen)
    {
        IPAddress address = endpoint.Address;
        if (Ipv6Support.CheckAddress(address, networks.Private, at, _diagnostics))
        {
            return false;
        }

        if (networks.Private is { } privateNetwork)
        {
            if (!privateNetwork.Prefix.Contains(address))
            {
                _diagnostics.Error(at, $"{what} {address} is outside the private network '{privateNetwork.Name}' ({privateNetwork.Prefix}); with NAT its replies must route back through the balancer");
                return false;
            }

            if (privateNetwork.Vips.Contains(address))
            {
                _diagnostics.Error(at, $"{what} {address} is the private VIP, the servers' gateway");
                return false;
            }
        }

        if (nodes.AddressOwners.TryGetValue(address, out string? node))
        {
            _diagnostics.Error(at, $"{what} {address} is the address of node '{node}'");
            return false;
        }

        if (listen is { Ports.IsSinglePort: false } range && endpoint.Port is { } port)
        {
            _diagnostics.Error(at, $"the service listens on ports {range.Ports}, so a {what} keeps the client's port; remove ':{port}'");
            return false;
        }

        return true;
    }
}
