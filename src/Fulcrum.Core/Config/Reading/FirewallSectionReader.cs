using System.Net;
using System.Net.Sockets;
using Fulcrum.Core.Collections;
using Fulcrum.Core.Config.Text;
using Fulcrum.Core.Config.Yaml;
using Fulcrum.Core.Net;

namespace Fulcrum.Core.Config.Reading;

/// <summary>Reads <c>firewall:</c>: admin SSH access and what the real servers may reach outside.</summary>
internal sealed class FirewallSectionReader(ValueReader values)
{
    public const ushort StandardSshPort = 22;

    private readonly DiagnosticBag _diagnostics = values.Diagnostics;

    public FirewallConfig? Read(YamlValue? section)
    {
        MappingReader? firewall = MappingReader.Open(section, "firewall", ConfigKeys.Firewall, _diagnostics);
        if (firewall is null)
        {
            return null;
        }

        AdminAccessConfig? admin = ReadAdmin(firewall.Required("admin"));
        EgressConfig? egress = firewall.Has("egress") ? ReadEgress(firewall.Optional("egress")) : new EgressConfig(false, []);
        return admin is not null && egress is not null ? new FirewallConfig(admin, egress) : null;
    }

    private AdminAccessConfig? ReadAdmin(YamlValue? section)
    {
        MappingReader? admin = MappingReader.Open(section, "firewall admin", ConfigKeys.Admin, _diagnostics);
        if (admin is null)
        {
            return null;
        }

        ushort sshPort = StandardSshPort;
        bool ok = !admin.Has("ssh_port") || values.TryParse(admin.Optional("ssh_port"), "ssh_port", PortText.TryParsePort, out sshPort);
        if (ok && sshPort == StandardSshPort)
        {
            _diagnostics.Warning(admin.Optional("ssh_port")?.Start ?? admin.Start, "ssh_port 22 is the port scanners try first; a non-standard port keeps the logs quiet");
        }

        ok &= values.TryParseList(admin.Required("from"), "from", ParseSource, out List<(IPNetwork Value, SourceMark At)> from, allowSingle: true);
        foreach ((IPNetwork network, SourceMark at) in from)
        {
            if (network.BaseAddress.AddressFamily == AddressFamily.InterNetworkV6)
            {
                _diagnostics.Error(at, Ipv6Support.NotSupported);
                ok = false;
            }
        }

        if (ok && from.Count == 0)
        {
            _diagnostics.Error(admin.Optional("from")!.Start, "from is empty, which would lock every administrator out; list the admin networks (0.0.0.0/0 for anywhere)");
            ok = false;
        }

        return ok ? new AdminAccessConfig(sshPort, from.Select(f => f.Value).ToEquatableArray()) : null;
    }

    /// <summary>A prefix, or a single address meaning a /32 (/128).</summary>
    private static bool ParseSource(string text, out IPNetwork network, out string error)
    {
        if (text.Contains('/', StringComparison.Ordinal))
        {
            return AddressText.TryParsePrefix(text, out network, out error);
        }

        network = default;
        if (!AddressText.TryParseAddress(text, out IPAddress address, out error))
        {
            return false;
        }

        network = new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
        return true;
    }

    private EgressConfig? ReadEgress(YamlValue? section)
    {
        MappingReader? egress = MappingReader.Open(section, "firewall egress", ConfigKeys.Egress, _diagnostics);
        if (egress is null)
        {
            return null;
        }

        YamlValue? allow = egress.Optional("allow");
        if (allow is null)
        {
            return new EgressConfig(false, []);
        }

        if (allow is YamlScalar { Text: "all", IsNull: false })
        {
            return new EgressConfig(true, []);
        }

        if (allow is YamlScalar { IsNull: false } other)
        {
            _diagnostics.Error(other.Start, $"allow should be the word all or a list like [tcp/80, tcp/443, udp/53], not '{other.Text}'");
            return null;
        }

        return values.TryParseList(allow, "allow", EndpointText.TryParsePortRule, out List<(PortRule Value, SourceMark At)> rules)
            ? new EgressConfig(false, rules.Select(r => r.Value).ToEquatableArray())
            : null;
    }
}
