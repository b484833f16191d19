using System.Collections.Immutable;

namespace Fulcrum.Core.Config.Reading;

/// <summary>
/// The keys each mapping of the config file accepts. The reader rejects anything else, and a
/// unit test compares these sets with the JSON Schema's <c>$defs</c>, so the two cannot drift.
/// </summary>
internal static class ConfigKeys
{
    public static readonly ImmutableArray<string> Root = ["cluster", "nodes", "networks", "ha", "services", "firewall", "global"];
    public static readonly ImmutableArray<string> Node = ["priority", "addresses"];
    public static readonly ImmutableArray<string> Network = ["role", "interface", "prefix", "vips", "vip"];
    public static readonly ImmutableArray<string> Ha = ["vrid", "version", "advert", "preempt", "preempt_delay", "unicast", "garp", "track", "notify", "auth", "connection_sync", "flow_handoff"];
    public static readonly ImmutableArray<string> ConnectionSync = ["enabled", "port"];
    public static readonly ImmutableArray<string> Garp = ["count", "interval", "refresh"];
    public static readonly ImmutableArray<string> Track = ["interfaces", "services", "commands"];
    public static readonly ImmutableArray<string> TrackCommand = ["name", "run", "interval", "timeout", "rise", "fall", "weight"];
    public static readonly ImmutableArray<string> Auth = ["type", "password", "key_file"];
    public static readonly ImmutableArray<string> Service = ["name", "listen", "scheduler", "persistence", "quorum", "sorry", "check", "servers", "syn_proxy", "client_limit"];
    public static readonly ImmutableArray<string> Persistence = ["timeout", "granularity"];
    public static readonly ImmutableArray<string> Server = ["address", "weight"];
    public static readonly ImmutableArray<string> CheckKinds = ["tcp", "http", "https", "tls", "udp", "dns", "command"];
    public static readonly ImmutableArray<string> Check = [.. CheckKinds, "interval", "timeout", "rise", "fall", "retry_delay", "initial"];
    public static readonly ImmutableArray<string> TcpProbe = ["port"];
    public static readonly ImmutableArray<string> HttpProbe = ["path", "status", "host", "body_contains", "body_regex", "digest", "port"];
    public static readonly ImmutableArray<string> HttpsProbe = [.. HttpProbe, "sni", "verify"];
    public static readonly ImmutableArray<string> TlsProbe = ["port", "sni", "verify"];
    public static readonly ImmutableArray<string> UdpProbe = ["port", "send", "expect"];
    public static readonly ImmutableArray<string> DnsProbe = ["port", "query", "type"];
    public static readonly ImmutableArray<string> CommandProbe = ["run", "dynamic_weight"];
    public static readonly ImmutableArray<string> Firewall = ["admin", "egress", "icmp_rate", "anti_spoofing", "log_group"];
    public static readonly ImmutableArray<string> Admin = ["ssh_port", "from", "ports", "ban"];
    public static readonly ImmutableArray<string> Ban = ["after", "per", "time", "exempt", "exempt_admin"];
    public static readonly ImmutableArray<string> Egress = ["allow", "to"];
    public static readonly ImmutableArray<string> Global = ["state_dir", "log_format", "log_level"];

    /// <summary>Every fixed-key mapping by its JSON Schema definition name (<c>root</c> is the top level).</summary>
    public static readonly ImmutableDictionary<string, ImmutableArray<string>> BySchemaDefinition =
        new Dictionary<string, ImmutableArray<string>>
        {
            ["root"] = Root,
            ["node"] = Node,
            ["network"] = Network,
            ["ha"] = Ha,
            ["garp"] = Garp,
            ["track"] = Track,
            ["trackCommand"] = TrackCommand,
            ["auth"] = Auth,
            ["connectionSync"] = ConnectionSync,
            ["service"] = Service,
            ["persistence"] = Persistence,
            ["server"] = Server,
            ["check"] = Check,
            ["tcpProbe"] = TcpProbe,
            ["httpProbe"] = HttpProbe,
            ["httpsProbe"] = HttpsProbe,
            ["tlsProbe"] = TlsProbe,
            ["udpProbe"] = UdpProbe,
            ["dnsProbe"] = DnsProbe,
            ["commandProbe"] = CommandProbe,
            ["firewall"] = Firewall,
            ["admin"] = Admin,
            ["ban"] = Ban,
            ["egress"] = Egress,
            ["global"] = Global,
        }.ToImmutableDictionary();
}
