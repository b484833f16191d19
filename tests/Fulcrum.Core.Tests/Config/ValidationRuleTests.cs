using Fulcrum.Core.Config;

namespace Fulcrum.Core.Tests.Config;

/// <summary>One planted mistake per rule: exactly one diagnostic, at the marked position, saying what is wrong.</summary>
public sealed class ValidationRuleTests
{
    public static TheoryData<string, string, string, string> Errors => new()
    {
        // rule, find, replace ('⟨' = expected position), expected message
        { "unknown key, did you mean", "    priority: 150", "    ⟨prioirty: 150", "unknown key 'prioirty' in node 'lb1'; did you mean 'priority'?" },
        { "unknown key, no close match", "  vrid: 51", "  vrid: 51\n  ⟨colour: blue", "unknown key 'colour' in ha; valid keys are: vrid, version, advert, preempt, preempt_delay, unicast" },
        { "expected a single value", "  vrid: 51", "  vrid: ⟨[51]", "vrid should be a single value, but it is a list" },
        { "expected a mapping", "ha:\n  vrid: 51\n  advert: 100ms", "ha: ⟨[51]", "ha should be a mapping of 'key: value' lines, but it is a list" },
        { "expected a list", "from: [198.51.100.0/24]", "from: ⟨{ net: 198.51.100.0/24 }", "from should be a list, but it is a mapping" },
        { "missing required key", "    interface: eth1\n    prefix: 192.168.20.0/24", "    ⟨prefix: 192.168.20.0/24", "network 'private' is missing the required key 'interface'" },
        { "duplicate key", "    priority: 150", "    priority: 150\n    ⟨priority: 120", "duplicate key 'priority' in node 'lb1' (first set on line 4)" },
        { "malformed address", "{ address: 192.168.20.12 }", "{ address: ⟨192.168.20.312 }", "'192.168.20.312' is not a valid IP address (312 is greater than 255)" },
        { "short address", "{ address: 192.168.20.12 }", "{ address: ⟨192.168.20 }", "'192.168.20' is not a valid IP address (an IPv4 address has four numbers, like 192.0.2.10)" },
        { "malformed prefix", "prefix: 203.0.113.0/24", "prefix: ⟨203.0.113.0/33", "'203.0.113.0/33' has an invalid prefix length '33' (0-32)" },
        { "prefix with host bits", "prefix: 203.0.113.0/24", "prefix: ⟨203.0.113.7/24", "'203.0.113.7/24' has host bits set; did you mean 203.0.113.0/24?" },
        { "duration without unit", "advert: 100ms", "advert: ⟨100", "duration '100' needs a unit: write 100ms, 100s, 100m or 100h" },
        { "duration with unknown unit", "advert: 100ms", "advert: ⟨250us", "'250us' has unknown unit 'us'; use ms, s, m or h" },
        { "port out of range", "192.168.20.11:80", "⟨192.168.20.11:70000", "port 70000 is out of range 1-65535" },
        { "port zero", "listen: 203.0.113.101:53/udp", "listen: ⟨203.0.113.101:0/udp", "port 0 is out of range 1-65535" },
        { "port not a number", "listen: 203.0.113.101:53/udp", "listen: ⟨203.0.113.101:dns/udp", "port 'dns' is not a number 1-65535" },
        { "listen without protocol", "listen: 203.0.113.101:53/udp", "listen: ⟨203.0.113.101:53", "'203.0.113.101:53' has no protocol; write VIP:port/tcp or VIP:port/udp" },
        { "VIP outside its prefix", "vip: 192.168.20.254", "vip: ⟨192.168.21.254", "VIP 192.168.21.254 is outside network 'private' (192.168.20.0/24)" },
        { "both vip and vips", "vip: 192.168.20.254", "vip: 192.168.20.254\n    ⟨vips: [192.168.20.253]", "network 'private' has both 'vip' and 'vips'; use one of them" },
        { "node missing an address", "addresses: { public: 203.0.113.2, private: 192.168.20.2 }", "addresses: ⟨{ public: 203.0.113.2 }", "node 'lb2' has no address on network 'private'" },
        { "node address on unknown network", "private: 192.168.20.2 }", "private: 192.168.20.2, ⟨privat: 192.168.20.3 }", "there is no network 'privat'; did you mean 'private'?" },
        { "node address outside its network", "private: 192.168.20.2 }", "private: ⟨192.168.30.2 }", "address 192.168.30.2 of node 'lb2' is outside network 'private' (192.168.20.0/24)" },
        { "node address is a VIP", "private: 192.168.20.2 }", "private: ⟨192.168.20.254 }", "address 192.168.20.254 of node 'lb2' is a VIP of network 'private'; a node's own address must differ from the VIPs" },
        { "two nodes with one address", "private: 192.168.20.2 }", "private: ⟨192.168.20.1 }", "address 192.168.20.1 is already node 'lb1''s address; every node needs its own" },
        { "real server outside the private network", "{ address: 192.168.20.21 }", "{ address: ⟨10.0.0.21 }", "real server 10.0.0.21 is outside the private network 'private' (192.168.20.0/24); with NAT its replies must route back through the balancer" },
        { "real server is a node", "{ address: 192.168.20.21 }", "{ address: ⟨192.168.20.1 }", "real server 192.168.20.1 is the address of node 'lb1'" },
        { "real server is the gateway VIP", "{ address: 192.168.20.21 }", "{ address: ⟨192.168.20.254 }", "real server 192.168.20.254 is the private VIP, the servers' gateway" },
        { "real server listed twice", "{ address: 192.168.20.12 }", "{ address: ⟨192.168.20.11:80 }", "server 192.168.20.11:80 is listed twice in service 'web'" },
        { "sorry server outside the private network", "    servers:\n      - { address: 192.168.20.11:80", "    sorry: ⟨10.0.0.99:80\n    servers:\n      - { address: 192.168.20.11:80", "sorry server 10.0.0.99 is outside the private network 'private' (192.168.20.0/24); with NAT its replies must route back through the balancer" },
        { "duplicate service name", "name: dns", "name: ⟨web", "service name 'web' is already used on line 22; service names must be unique" },
        { "same VIP:port/proto twice", "listen: 203.0.113.101:53/udp", "listen: ⟨203.0.113.100:80/tcp", "listen 203.0.113.100:80/tcp overlaps service 'web' (203.0.113.100:80/tcp)" },
        { "overlapping port ranges", "listen: 203.0.113.101:53/udp", "listen: ⟨203.0.113.100:70-90/tcp", "listen 203.0.113.100:70-90/tcp overlaps service 'web' (203.0.113.100:80/tcp)" },
        { "service VIP not a public VIP", "listen: 203.0.113.101:53/udp", "listen: ⟨203.0.113.102:53/udp", "203.0.113.102 is not a VIP of the public network 'public' (its VIPs: 203.0.113.100, 203.0.113.101)" },
        { "port-range service server with a port", "listen: 203.0.113.101:53/udp\n    servers:\n      - { address: 192.168.20.21 }", "listen: 203.0.113.101:*/udp\n    servers:\n      - { address: ⟨192.168.20.21:53 }", "the service listens on ports *, so a real server keeps the client's port; remove ':53'" },
        { "weight out of range", "weight: 3", "weight: ⟨70000", "weight 70000 is out of range 0-65535" },
        { "quorum above server count", "    listen: 203.0.113.101:53/udp", "    listen: 203.0.113.101:53/udp\n    quorum: ⟨2", "quorum 2 is more than the 1 servers of service 'dns'" },
        { "VRID out of range", "vrid: 51", "vrid: ⟨256", "vrid 256 is out of range 1-255" },
        { "VRID not a number", "vrid: 51", "vrid: ⟨fifty", "vrid should be a whole number, not 'fifty'" },
        { "priority 255 is reserved", "priority: 100", "priority: ⟨255", "priority 255 is out of range 1-254" },
        { "priority 0 is reserved", "priority: 100", "priority: ⟨0", "priority 0 is out of range 1-254" },
        { "unknown scheduler", "scheduler: wrr", "scheduler: ⟨wwr", "unknown scheduler 'wwr'; did you mean 'wrr'? (valid: rr, wrr, sh, maglev, random)" },
        { "advert not valid for VRRPv2", "advert: 100ms", "version: 2\n  advert: ⟨100ms", "advert 100ms is not valid for VRRP version 2: use whole seconds from 1s to 255s" },
        { "flow hand-off too long", "advert: 100ms", "advert: 100ms\n  flow_handoff: ⟨10m", "flow_handoff 10m is out of range 0s-5m" },
        { "advert not valid for VRRPv3", "advert: 100ms", "advert: ⟨15ms", "advert 15ms is not valid for VRRP version 3: use 10ms to 40s950ms in steps of 10ms" },
        { "VRRP version", "advert: 100ms", "advert: 100ms\n  version: ⟨4", "version 4 is out of range 2-3" },
        { "timeout not below interval", "timeout: 500ms", "timeout: ⟨1s", "timeout 1s must be shorter than interval 1s" },
        { "persistence granularity out of range", "    scheduler: wrr", "    scheduler: wrr\n    persistence: { timeout: 300s, granularity: ⟨33 }", "granularity 33 is out of range 1-32" },
        { "syn_proxy on a UDP service", "    listen: 203.0.113.101:53/udp", "    listen: 203.0.113.101:53/udp\n    syn_proxy: ⟨true", "syn_proxy is for TCP services; service 'dns' listens on 203.0.113.101:53/udp" },
        { "syn_proxy not a boolean", "    scheduler: wrr", "    scheduler: wrr\n    syn_proxy: ⟨sometimes", "syn_proxy should be true or false, not 'sometimes'" },
        { "client_limit zero", "    scheduler: wrr", "    scheduler: wrr\n    client_limit: ⟨0", "client_limit 0 is out of range 1-1000000" },
        { "client_limit with syn_proxy", "    scheduler: wrr", "    scheduler: wrr\n    syn_proxy: true\n    client_limit: ⟨10", "client_limit cannot be combined with syn_proxy on service 'web': behind the SYN proxy the balancer itself opens the connection to the server, where the per-client count does not apply; choose one" },
        { "log_group out of range", "firewall:\n", "firewall:\n  log_group: ⟨70000\n", "log_group 70000 is out of range 0-65535" },
        { "IPv6 listen", "listen: 203.0.113.101:53/udp", "listen: ⟨\"[2001:db8::1]:53/udp\"", "IPv6 is not supported by the nftables engine yet" },
        { "IPv6 admin network", "from: [198.51.100.0/24]", "from: [⟨2001:db8::/32]", "IPv6 is not supported by the nftables engine yet" },
        { "IPv6 real server", "{ address: 192.168.20.21 }", "{ address: ⟨\"[2001:db8::21]:53\" }", "IPv6 is not supported by the nftables engine yet" },
        { "interface name too long", "interface: eth0", "interface: ⟨this-is-too-long0", "interface name 'this-is-too-long0' is not valid: Linux allows 1-15 characters without '/', ':' or spaces" },
        { "two networks on one interface", "interface: eth1", "interface: ⟨eth0", "interface eth0 is already used by network 'public'" },
        { "node name", "  lb1:\n", "  ⟨LB1:\n", "node name 'LB1' is not valid: use lowercase letters, digits and '-', starting with a letter or digit, at most 63 characters" },
        { "three nodes", "networks:", "  ⟨lb3:\n    priority: 50\n    addresses: { public: 203.0.113.3, private: 192.168.20.3 }\nnetworks:", "a Fulcrum cluster is a pair: at most two nodes" },
        { "check with two probes", "http: { path: /health }", "http: { path: /health }\n      ⟨tcp: {}", "check of service 'web' already has a 'http' probe; use one probe per check" },
        { "body_regex must compile", "http: { path: /health }", "http: { path: /health, body_regex: ⟨\"(\" }", "body_regex is not a valid regular expression" },
        { "digest must be an MD5", "http: { path: /health }", "http: { digest: ⟨abc }", "digest should be an MD5 sum: 32 hex digits, as md5sum prints it" },
        { "http status code", "http: { path: /health }", "http: { status: [200, ⟨700] }", "'700' is not an HTTP status code (100-599)" },
        { "initial state", "      timeout: 500ms", "      timeout: 500ms\n      initial: ⟨maybe", "unknown initial state 'maybe' (valid: down, up)" },
        { "command needs an absolute path", "http: { path: /health }", "command: { run: ⟨check-app }", "run should start with the program's absolute path, like /usr/local/bin/check-app --quick" },
        { "boolean", "advert: 100ms", "advert: 100ms\n  preempt: ⟨yes", "preempt should be true or false, not 'yes'" },
        { "admin from empty", "from: [198.51.100.0/24]", "from: ⟨[]", "from is empty, which would lock every administrator out; list the admin networks (0.0.0.0/0 for anywhere)" },
        { "ban per not a rate unit", "from: [198.51.100.0/24]", "from: [198.51.100.0/24]\n    ban: { per: ⟨30s }", "per must be 1s, 1m, 1h or 24h (the units of an nftables rate)" },
        { "admin port is the ssh port", "from: [198.51.100.0/24]", "from: [198.51.100.0/24]\n    ports: [⟨tcp/2200-2300]", "ports tcp/2200-2300 includes ssh_port 2222, which has its own rule (with brute-force blocking)" },
        { "egress to empty", "    allow: [tcp/80, tcp/443, udp/53]", "    allow: [tcp/80, tcp/443, udp/53]\n    to: ⟨[]", "to is empty; leave it out for anywhere, or list the destinations" },
        { "icmp rate negative", "from: [198.51.100.0/24]", "from: [198.51.100.0/24]\n  icmp_rate: ⟨-1", "icmp_rate -1 is out of range 0-100000" },
        { "egress rule", "allow: [tcp/80, tcp/443, udp/53]", "allow: [tcp/80, ⟨icmp/1]", "protocol 'icmp' is not tcp or udp" },
        { "state_dir must be absolute", "allow: [tcp/80, tcp/443, udp/53]", "allow: [tcp/80, tcp/443, udp/53]\nglobal:\n  state_dir: ⟨run/fulcrum", "state_dir 'run/fulcrum' should be an absolute path, like /run/fulcrum" },
        { "log level", "allow: [tcp/80, tcp/443, udp/53]", "allow: [tcp/80, tcp/443, udp/53]\nglobal:\n  log_level: ⟨warn", "unknown log_level 'warn'; did you mean 'warning'? (valid: debug, info, warning, error)" },
        { "cluster name", "cluster: web", "cluster: ⟨Web Farm", "cluster name 'Web Farm' is not valid: use lowercase letters, digits, '-' and '_', starting with a letter or digit, at most 32 characters" },
        { "empty value", "vrid: 51", "vrid:⟨", "vrid has no value" },
        { "YAML merge key", "    priority: 150", "    priority: 150\n    ⟨<<: {}", "YAML merge keys ('<<') are not supported; write the keys out in full" },
        { "garp count", "advert: 100ms", "advert: 100ms\n  garp: { count: ⟨0 }", "garp count 0 is out of range 1-100" },
        { "garp refresh too often", "advert: 100ms", "advert: 100ms\n  garp: { refresh: ⟨500ms }", "garp refresh 500ms is too often: use 0s (off) or at least 1s" },
        { "track a network's interface", "advert: 100ms", "advert: 100ms\n  track: { interfaces: { ⟨eth1: -20 } }", "interface 'eth1' carries network 'private', which is always tracked (its link down is a fault); track other interfaces here" },
        { "track weight range", "advert: 100ms", "advert: 100ms\n  track: { interfaces: { eth2: ⟨-255 } }", "weight of 'eth2' -255 is out of range -254-254" },
        { "track unknown service", "advert: 100ms", "advert: 100ms\n  track: { services: { ⟨wbe: -50 } }", "track.services: there is no service 'wbe'; did you mean 'web'? (services: web, dns)" },
        { "track command path", "advert: 100ms", "advert: 100ms\n  track: { commands: [{ name: up, run: ⟨check-up }] }", "run should start with the program's absolute path, like /usr/local/bin/check-uplink --quick" },
        { "track command timeout above interval", "advert: 100ms", "advert: 100ms\n  track: { commands: [{ name: up, run: /bin/true, interval: 1s, ⟨timeout: 2s }] }", "timeout 2s is longer than the interval 1s" },
        { "track command twice", "advert: 100ms", "advert: 100ms\n  track: { commands: [{ name: up, run: /bin/true }, ⟨{ name: up, run: /bin/false }] }", "track command 'up' is defined twice" },
        { "notify needs an absolute path", "advert: 100ms", "advert: 100ms\n  notify: ⟨notify.sh", "notify should be the absolute path of a program, without arguments, like /usr/local/bin/fulcrum-notify" },
        { "auth type", "advert: 100ms", "advert: 100ms\n  auth: { type: ⟨pass }", "unknown auth type 'pass'" },
        { "password needs v2", "advert: 100ms", "advert: 100ms\n  auth: { type: ⟨password, password: x }", "auth type password needs version: 2 (VRRPv3 has no authentication field; for Fulcrum peers use type: hmac)" },
        { "hmac needs v3", "advert: 100ms", "version: 2\n  advert: 1s\n  auth: { type: ⟨hmac, key_file: /k }", "auth type hmac needs version: 3" },
        { "hmac needs a key file", "advert: 100ms", "advert: 100ms\n  auth: ⟨{ type: hmac }", "auth is missing the required key 'key_file'" },
        { "key file absolute", "advert: 100ms", "advert: 100ms\n  auth: { type: hmac, key_file: ⟨vrrp.key }", "auth key_file should be an absolute path, like /etc/fulcrum/vrrp.key" },
        { "password with hmac", "advert: 100ms", "advert: 100ms\n  auth: { type: hmac, key_file: /k, ⟨password: x }", "auth password is only used with type: password" },
    };

    public static TheoryData<string, string, string, string> Warnings => new()
    {
        { "password is not security", "advert: 100ms", "version: 2\n  advert: 1s\n  auth: { type: password, password: ⟨s3cret }", "auth password is sent in clear text in every advert: it guards against misconfiguration, not attackers" },
        { "equal priorities", "priority: 100", "priority: ⟨150", "nodes 'lb1' and 'lb2' have the same priority 150; give the preferred master the higher one" },
        { "ssh on port 22", "ssh_port: 2222", "ssh_port: ⟨22", "ssh_port 22 is the port scanners try first; a non-standard port keeps the logs quiet" },
        { "preempt_delay without preempt", "advert: 100ms", "advert: 100ms\n  preempt: false\n  preempt_delay: ⟨5s", "preempt_delay has no effect with preempt: false" },
        { "single node", "  lb2:\n    priority: 100\n    addresses: { public: 203.0.113.2, private: 192.168.20.2 }\n", "", "node 'lb1' has no peer: there is no failover" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Each_rule_reports_one_error_at_the_mistake(string rule, string find, string replace, string message)
    {
        (string text, (int Line, int Column)? expected) = ConfigText.Plant(find, replace);
        ConfigLoadResult result = ConfigText.Parse(text);

        Assert.False(result.Succeeded, rule);
        ConfigDiagnostic error = Assert.Single(result.Diagnostics);
        Assert.Equal(Severity.Error, error.Severity);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        if (expected is { } position)
        {
            Assert.Equal(position, (error.Line, error.Column));
        }
    }

    [Theory]
    [MemberData(nameof(Warnings))]
    public void Each_warning_rule_reports_one_warning_and_still_loads(string rule, string find, string replace, string message)
    {
        (string text, (int Line, int Column)? expected) = ConfigText.Plant(find, replace);
        ConfigLoadResult result = ConfigText.Parse(text);

        Assert.True(result.Succeeded, rule);
        ConfigDiagnostic warning = Assert.Single(result.Diagnostics);
        Assert.Equal(Severity.Warning, warning.Severity);
        Assert.Equal(message, warning.Message);
        if (expected is { } position)
        {
            Assert.Equal(position, (warning.Line, warning.Column));
        }
    }

    [Fact]
    public void The_valid_config_has_no_diagnostics()
    {
        ConfigLoadResult result = ConfigText.Parse(ConfigText.Valid);

        Assert.Empty(result.Diagnostics);
        Assert.True(result.Succeeded);
    }

    [Fact]
    public void A_role_clash_reports_both_missing_and_doubled_roles()
    {
        (string text, _) = ConfigText.Plant("    interface: eth1", "    role: public\n    interface: eth1");

        ConfigLoadResult result = ConfigText.Parse(text);

        Assert.Equal(
            [
                "networks 'public' and 'private' both have role public; exactly one network is public",
                "no network has role private; a Fulcrum pair needs exactly one public and one private network",
            ],
            result.Diagnostics.Select(d => d.Message).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_network_without_a_standard_name_needs_a_role()
    {
        (string text, _) = ConfigText.Plant("  private:\n    interface: eth1", "  backend:\n    interface: eth1");

        ConfigLoadResult result = ConfigText.Parse(text.Replace("private: 192.168.20.", "backend: 192.168.20.", StringComparison.Ordinal));

        ConfigDiagnostic error = Assert.Single(result.Diagnostics);
        Assert.Equal("network 'backend' needs 'role: public' or 'role: private'", error.Message);
    }

    [Fact]
    public void A_port_range_service_with_a_portless_check_is_told_the_check_needs_a_port()
    {
        (string text, _) = ConfigText.Plant(
            "listen: 203.0.113.100:80/tcp",
            "listen: 203.0.113.100:8000-8100/tcp");
        text = text.Replace("192.168.20.11:80", "192.168.20.11", StringComparison.Ordinal);

        ConfigLoadResult result = ConfigText.Parse(text);

        ConfigDiagnostic error = Assert.Single(result.Diagnostics);
        Assert.Equal("the http check needs a port: the service listens on ports 8000-8100 and its servers have none", error.Message);
        Assert.Equal((26, 7), (error.Line, error.Column));
    }

    [Fact]
    public void Every_mistake_is_reported_at_once()
    {
        string text = ConfigText.Valid
            .Replace("vrid: 51", "vrid: 0", StringComparison.Ordinal)
            .Replace("weight: 3", "weight: -1", StringComparison.Ordinal)
            .Replace("scheduler: wrr", "scheduler: fastest", StringComparison.Ordinal)
            .Replace("ssh_port: 2222", "ssh_port: 22", StringComparison.Ordinal);

        ConfigLoadResult result = ConfigText.Parse(text);

        Assert.Equal(3, result.Errors.Count());
        Assert.Single(result.Warnings);
        Assert.Equal(result.Diagnostics.OrderBy(d => d.Line).ThenBy(d => d.Column), result.Diagnostics);
    }
}
