using System.Net;
using System.Net.Sockets;
using Fulcrum.Core.Collections;
using Fulcrum.Core.Config.Text;
using Fulcrum.Core.Config.Yaml;
using Fulcrum.Core.Net;

namespace Fulcrum.Core.Config.Reading;

/// <summary>Reads <c>firewall:</c>: admin access (SSH, more admin ports, brute-force bans), egress, ICMP rate, anti-spoofing.</summary>
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
        int icmpRate = FirewallConfig.DefaultIcmpEchoRate;
        bool ok = !firewall.Has("icmp_rate") || values.TryInt(firewall.Optional("icmp_rate"), "icmp_rate", 0, 100_000, out icmpRate);
        bool antiSpoofing = true;
        ok &= !firewall.Has("anti_spoofing") || values.TryBool(firewall.Optional("anti_spoofing"), "anti_spoofing", out antiSpoofing);
        int logGroup = -1;
        ok &= !firewall.Has("log_group") || values.TryInt(firewall.Optional("log_group"), "log_group", 0, ushort.MaxValue, out logGroup);
        return ok && admin is not null && egress is not null
            ? new FirewallConfig(admin, egress) { IcmpEchoRate = icmpRate, AntiSpoofing = antiSpoofing, LogGroup = logGroup >= 0 ? (ushort)logGroup : null }
            : null;
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

        ok &= ReadPrefixes(admin.Required("from"), "from", out List<(IPNetwork Value, SourceMark At)> from);

        if (ok && from.Count == 0)
        {
            _diagnostics.Error(admin.Optional("from")!.Start, "from is empty, which would lock every administrator out; list the admin networks (0.0.0.0/0 for anywhere)");
            ok = false;
        }

        List<(PortRule Value, SourceMark At)> ports = [];
        ok &= !admin.Has("ports") || values.TryParseList(admin.Optional("ports"), "ports", EndpointText.TryParsePortRule, out ports);
        foreach ((PortRule rule, SourceMark at) in ports)
        {
            if (rule.Protocol == L4Protocol.Tcp && rule.Ports.Contains(sshPort))
            {
                _diagnostics.Error(at, $"ports {rule} includes ssh_port {sshPort}, which has its own rule (with brute-force blocking)");
                ok = false;
            }
        }

        BanConfig? ban = admin.Has("ban") ? ReadBan(admin.Optional("ban")) : BanConfig.Default;
        return ok && ban is not null
            ? new AdminAccessConfig(sshPort, from.Select(f => f.Value).ToEquatableArray()) { Ports = ports.Select(p => p.Value).ToEquatableArray(), Ban = ban }
            : null;
    }

    private BanConfig? ReadBan(YamlValue? section)
    {
        MappingReader? ban = MappingReader.Open(section, "firewall admin ban", ConfigKeys.Ban, _diagnostics);
        if (ban is null)
        {
            return null;
        }

        BanConfig defaults = BanConfig.Default;
        int after = defaults.After;
        bool ok = !ban.Has("after") || values.TryInt(ban.Optional("after"), "after", 1, 10_000, out after);
        TimeSpan per = defaults.Per;
        ok &= !ban.Has("per") || values.TryDuration(ban.Optional("per"), "per", TimeSpan.FromSeconds(1), TimeSpan.FromDays(1), out per);
        TimeSpan time = defaults.Time;
        ok &= !ban.Has("time") || values.TryDuration(ban.Optional("time"), "time", TimeSpan.Zero, TimeSpan.FromDays(7), out time);
        if (ok && per != TimeSpan.FromSeconds(1) && per != TimeSpan.FromMinutes(1) && per != TimeSpan.FromHours(1) && per != TimeSpan.FromDays(1))
        {
            _diagnostics.Error(ban.Optional("per")!.Start, "per must be 1s, 1m, 1h or 24h (the units of an nftables rate)");
            ok = false;
        }

        List<(IPNetwork Value, SourceMark At)> exempt = [];
        ok &= !ban.Has("exempt") || ReadPrefixes(ban.Optional("exempt"), "exempt", out exempt);
        bool exemptAdmin = defaults.ExemptAdmin;
        ok &= !ban.Has("exempt_admin") || values.TryBool(ban.Optional("exempt_admin"), "exempt_admin", out exemptAdmin);
        return ok ? new BanConfig(after, per, time, exempt.Select(e => e.Value).ToEquatableArray()) { ExemptAdmin = exemptAdmin } : null;
    }

    private bool ReadPrefixes(YamlValue? value, string what, out List<(IPNetwork Value, SourceMark At)> prefixes)
    {
        bool ok = values.TryParseList(value, what, ParseSource, out prefixes, allowSingle: true);
        foreach ((IPNetwork network, SourceMark at) in prefixes)
        {
            if (network.BaseAddress.AddressFamily == AddressFamily.InterNetworkV6)
            {
                _diagnostics.Error(at, Ipv6Support.NotSupported);
                ok = false;
            }
        }

        return ok;
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

        EquatableArray<IPNetwork> to = EgressConfig.Anywhere;
        if (egress.Has("to"))
        {
            if (!ReadPrefixes(egress.Optional("to"), "to", out List<(IPNetwork Value, SourceMark At)> destinations))
            {
                return null;
            }

            if (destinations.Count == 0)
            {
                _diagnostics.Error(egress.Optional("to")!.Start, "to is empty; leave it out for anywhere, or list the destinations");
                return null;
            }

            to = destinations.Select(d => d.Value).ToEquatableArray();
        }

        YamlValue? allow = egress.Optional("allow");
        if (allow is null)
        {
            return new EgressConfig(false, to, []);
        }

        if (allow is YamlScalar { Text: "all", IsNull: false })
        {
            return new EgressConfig(true, to, []);
        }

        if (allow is YamlScalar { IsNull: false } other)
        {
            _diagnostics.Error(other.Start, $"allow should be the word all or a list like [tcp/80, tcp/443, udp/53], not '{other.Text}'");
            return null;
        }

        return values.TryParseList(allow, "allow", EndpointText.TryParsePortRule, out List<(PortRule Value, SourceMark At)> rules)
            ? new EgressConfig(false, to, rules.Select(r => r.Value).ToEquatableArray())
            : null;
    }
}
