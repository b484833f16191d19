using System.Net;
using System.Net.Sockets;
using Fulcrum.Core.Collections;
using Fulcrum.Core.Config.Text;
using Fulcrum.Core.Config.Yaml;

namespace Fulcrum.Core.Config.Reading;

/// <summary>Reads <c>networks:</c> and checks VIPs, interfaces, overlaps and the one-public-one-private rule.</summary>
internal sealed class NetworkSectionReader(ValueReader values)
{
    private static readonly Dictionary<string, NetworkRole> Roles = new()
    {
        ["public"] = NetworkRole.Public,
        ["private"] = NetworkRole.Private,
    };

    private readonly DiagnosticBag _diagnostics = values.Diagnostics;

    public NetworkSet Read(YamlValue? section)
    {
        var networks = new NetworkSet();
        MappingReader? mapping = MappingReader.Open(section, "networks", knownKeys: null, _diagnostics);
        if (mapping is null)
        {
            return networks;
        }

        var roles = new List<(string Name, NetworkRole Role, SourceMark At)>();
        bool everyRoleKnown = true;
        foreach (YamlEntry entry in mapping.Entries)
        {
            string name = entry.Key.Text;
            networks.DeclaredNames.Add(name);
            if (!Names.IsValidName(name))
            {
                _diagnostics.Error(entry.Key.Start, $"network name '{name}' is not valid: use {Names.NameRule}");
            }

            MappingReader? network = MappingReader.Open(entry.Value, $"network '{name}'", ConfigKeys.Network, _diagnostics);
            if (network is null)
            {
                everyRoleKnown = false;
                continue;
            }

            bool hasRole = TryReadRole(network, name, out NetworkRole role);
            if (hasRole)
            {
                roles.Add((name, role, network.Has("role") ? network.KeyStart("role") : entry.Key.Start));
            }

            everyRoleKnown &= hasRole;
            if (ReadNetwork(network, name, role) is { } valid && hasRole)
            {
                CheckAgainstEarlier(networks, valid, network);
                networks.Valid.Add(name, valid);
            }
        }

        if (everyRoleKnown)
        {
            networks.Public = CheckExactlyOne(roles, NetworkRole.Public, mapping, networks);
            networks.Private = CheckExactlyOne(roles, NetworkRole.Private, mapping, networks);
        }

        return networks;
    }

    private bool TryReadRole(MappingReader network, string name, out NetworkRole role)
    {
        if (network.Has("role"))
        {
            return values.TryEnum(network.Optional("role"), "role", Roles, out role);
        }

        if (Roles.TryGetValue(name, out role))
        {
            return true;
        }

        _diagnostics.Error(network.Start, $"{network.Where} needs 'role: public' or 'role: private'");
        return false;
    }

    private NetworkConfig? ReadNetwork(MappingReader network, string name, NetworkRole role)
    {
        bool ok = values.TryText(network.Required("interface"), "interface", out string ifname);
        if (ok && !Names.IsValidInterfaceName(ifname))
        {
            _diagnostics.Error(network.Optional("interface")!.Start, $"interface name '{ifname}' is not valid: Linux allows 1-15 characters without '/', ':' or spaces");
            ok = false;
        }

        bool hasPrefix = values.TryParse(network.Required("prefix"), "prefix", AddressText.TryParsePrefix, out IPNetwork prefix);
        if (hasPrefix && prefix.BaseAddress.AddressFamily == AddressFamily.InterNetworkV6)
        {
            _diagnostics.Error(network.Optional("prefix")!.Start, Ipv6Support.NotSupported);
        }

        List<(IPAddress Vip, SourceMark At)> vips = ReadVips(network, out bool vipsOk);
        var seen = new HashSet<IPAddress>();
        foreach ((IPAddress vip, SourceMark at) in vips)
        {
            if (!seen.Add(vip))
            {
                _diagnostics.Error(at, $"VIP {vip} is listed twice in {network.Where}");
            }
            else if (Ipv6Support.IsIpv6(vip) != Ipv6Support.IsIpv6(prefix.BaseAddress))
            {
                if (Ipv6Support.IsIpv6(vip))
                {
                    _diagnostics.Error(at, Ipv6Support.NotSupported);
                }
            }
            else if (hasPrefix && !prefix.Contains(vip))
            {
                _diagnostics.Error(at, $"VIP {vip} is outside {network.Where} ({prefix})");
            }
        }

        return ok && hasPrefix && vipsOk
            ? new NetworkConfig(name, role, ifname, prefix, vips.Select(v => v.Vip).ToEquatableArray())
            : null;
    }

    private List<(IPAddress Vip, SourceMark At)> ReadVips(MappingReader network, out bool ok)
    {
        List<(IPAddress, SourceMark)> vips = [];
        if (network.Has("vip") && network.Has("vips"))
        {
            SourceMark second = network.KeyStart("vip").Line > network.KeyStart("vips").Line ? network.KeyStart("vip") : network.KeyStart("vips");
            _diagnostics.Error(second, $"{network.Where} has both 'vip' and 'vips'; use one of them");
            ok = false;
            return vips;
        }

        if (network.Has("vip"))
        {
            ok = values.TryParse(network.Optional("vip"), "vip", AddressText.TryParseAddress, out IPAddress vip);
            if (ok)
            {
                vips.Add((vip, network.Optional("vip")!.Start));
            }

            return vips;
        }

        if (!network.Has("vips"))
        {
            _diagnostics.Error(network.Start, $"{network.Where} needs at least one VIP: 'vip: ADDRESS' or 'vips: [ADDRESS, ...]'");
            ok = false;
            return vips;
        }

        ok = values.TryParseList(network.Optional("vips"), "vips", AddressText.TryParseAddress, out vips, allowSingle: true);
        if (ok && vips.Count == 0)
        {
            _diagnostics.Error(network.Optional("vips")!.Start, $"{network.Where} needs at least one VIP");
            ok = false;
        }

        return vips;
    }

    private void CheckAgainstEarlier(NetworkSet networks, NetworkConfig network, MappingReader reader)
    {
        foreach (NetworkConfig earlier in networks.Valid.Values)
        {
            if (earlier.Interface == network.Interface)
            {
                _diagnostics.Error(reader.Optional("interface")!.Start, $"interface {network.Interface} is already used by network '{earlier.Name}'");
            }

            if (earlier.Prefix.Contains(network.Prefix.BaseAddress) || network.Prefix.Contains(earlier.Prefix.BaseAddress))
            {
                _diagnostics.Error(reader.Optional("prefix")!.Start, $"prefix {network.Prefix} overlaps network '{earlier.Name}' ({earlier.Prefix})");
            }
        }
    }

    private NetworkConfig? CheckExactlyOne(
        List<(string Name, NetworkRole Role, SourceMark At)> roles,
        NetworkRole role,
        MappingReader mapping,
        NetworkSet networks)
    {
        string word = role == NetworkRole.Public ? "public" : "private";
        var withRole = roles.Where(r => r.Role == role).ToList();
        if (withRole.Count == 0)
        {
            _diagnostics.Error(mapping.Start, $"no network has role {word}; a Fulcrum pair needs exactly one public and one private network");
            return null;
        }

        foreach (var extra in withRole.Skip(1))
        {
            _diagnostics.Error(extra.At, $"networks '{withRole[0].Name}' and '{extra.Name}' both have role {word}; exactly one network is {word}");
        }

        return withRole.Count == 1 ? networks.Valid.GetValueOrDefault(withRole[0].Name) : null;
    }
}
