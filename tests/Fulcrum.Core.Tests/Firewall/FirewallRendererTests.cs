using Fulcrum.Core.Collections;
using Fulcrum.Core.Config;
using Fulcrum.Core.Firewall;
using Fulcrum.Core.Tests.Config;

namespace Fulcrum.Core.Tests.Firewall;

public sealed class FirewallRendererTests
{
    internal static NodeView Lab(string node = "lb1")
    {
        ConfigLoadResult result = ConfigLoader.Load(RepoPaths.File("examples", "lab.yaml"));
        Assert.True(result.Succeeded);
        return result.Config!.ForNode(node);
    }

    [Fact]
    public void Lab_lb1_renders_exactly_these_rules()
    {
        FirewallRuleset ruleset = FirewallRenderer.Render(FirewallPolicyBuilder.Build(Lab()));

        string actual = string.Join('\n', ruleset.Lines());
        Assert.Equal(Expected, actual);
    }

    [Fact]
    public void Connection_sync_opens_its_udp_port_to_the_peers_private_address_only_and_only_when_on()
    {
        NodeView lab = Lab();
        ClusterConfig cluster = lab.Cluster with { Ha = lab.Cluster.Ha with { ConnectionSync = new ConnectionSyncConfig(true, 3780) } };

        FirewallRuleset on = FirewallRenderer.Render(FirewallPolicyBuilder.Build(cluster.ForNode("lb1")));
        FirewallRuleset off = FirewallRenderer.Render(FirewallPolicyBuilder.Build(lab));

        Assert.Equal(
            "iifname \"eth1\" meta nfproto ipv4 ip saddr 192.168.20.2 meta l4proto udp th dport 3780 counter accept comment \"conn_sync\"",
            Assert.Single(on.Chain("input").Rules, r => r.Comment == "conn_sync").ToString());
        Assert.DoesNotContain(off.Chain("input").Rules, r => r.Comment == "conn_sync");
        Assert.Equal(new ConnectionSyncPeer("eth1", System.Net.IPAddress.Parse("192.168.20.1"), 3780), FirewallPolicyBuilder.SyncPeer(cluster.ForNode("lb2")));
    }

    [Fact]
    public void Ban_time_zero_leaves_out_the_meter_and_the_ban_set()
    {
        NodeView lab = Lab();
        ClusterConfig cluster = lab.Cluster with
        {
            Firewall = lab.Cluster.Firewall with { Admin = lab.Cluster.Firewall.Admin with { Ban = BanConfig.Default with { Time = TimeSpan.Zero } } },
        };

        FirewallRuleset ruleset = FirewallRenderer.Render(FirewallPolicyBuilder.Build(cluster.ForNode("lb1")));

        Assert.DoesNotContain(ruleset.Sets, s => s.Name is "banned" or "ssh_meter" or "ban_exempt");
        Assert.DoesNotContain(ruleset.Chain("input").Rules, r => r.Comment is "banned" or "ban_ssh");
        Assert.Contains(ruleset.Chain("input").Rules, r => r.Comment == "admin_ssh");
    }

    [Fact]
    public void Egress_all_towards_listed_destinations_is_one_rule_through_a_set()
    {
        NodeView lab = Lab();
        ClusterConfig cluster = lab.Cluster with
        {
            Firewall = lab.Cluster.Firewall with { Egress = new EgressConfig(true, [System.Net.IPNetwork.Parse("198.51.100.0/24")], []) },
        };

        FirewallRuleset ruleset = FirewallRenderer.Render(FirewallPolicyBuilder.Build(cluster.ForNode("lb2")));

        Assert.Equal(
            "set egress_to { type ipv4_addr; flags interval; elements = { 198.51.100.0/24 } }",
            ruleset.Sets.Single(s => s.Name == "egress_to").ToString());
        Assert.Equal(
            "iifname \"eth1\" oifname \"eth0\" meta nfproto ipv4 ip saddr 192.168.20.0/24 ip daddr @egress_to counter accept comment \"egress\"",
            Assert.Single(ruleset.Chain("forward").Rules, r => r.Comment == "egress").ToString());
    }

    [Fact]
    public void Lb2_accepts_vrrp_from_lb1_and_exempts_lb1_and_the_admin_networks_from_bans()
    {
        FirewallPolicy policy = FirewallPolicyBuilder.Build(Lab("lb2"));

        Assert.Equal(["eth0 203.0.113.1", "eth1 192.168.20.1"], policy.VrrpPeers.Select(p => $"{p.Interface} {p.Address}"));
        Assert.Equal(["203.0.113.1/32", "192.168.20.1/32", "203.0.113.50/32"], policy.BanExempt.Select(p => p.ToString()));
        Assert.Contains(System.Net.IPAddress.Parse("203.0.113.2"), policy.OwnAddresses);
    }

    [Fact]
    public void Extra_admin_ports_from_the_daemon_are_opened_to_admins_only()
    {
        FirewallRuleset ruleset = FirewallRenderer.Render(FirewallPolicyBuilder.Build(Lab(), [new Net.PortRule(Net.L4Protocol.Tcp, Net.PortRange.Of(9100))]));

        Assert.Equal(
            "meta nfproto ipv4 meta l4proto tcp th dport 9100 ip daddr != @vips ip saddr @admin accept comment \"admin_port\"",
            Assert.Single(ruleset.Chain("input").Rules, r => r.Comment == "admin_port").ToString());
    }

    [Fact]
    public void The_same_policy_always_renders_the_same_hash()
    {
        FirewallPolicy policy = FirewallPolicyBuilder.Build(Lab());

        Assert.Equal(FirewallRenderer.Render(policy).Hash(), FirewallRenderer.Render(FirewallPolicyBuilder.Build(Lab())).Hash());
        Assert.NotEqual(FirewallRenderer.Render(policy).Hash(), FirewallRenderer.Render(policy with { SshPort = 2223 }).Hash());
    }

    private static NodeView WithServices(Func<VirtualServiceConfig, VirtualServiceConfig> change, string node = "lb1")
    {
        NodeView lab = Lab(node);
        ClusterConfig cluster = lab.Cluster with { Services = lab.Cluster.Services.Select(change).ToEquatableArray() };
        return cluster.ForNode(node);
    }

    [Fact]
    public void Syn_proxy_untracks_the_service_syns_and_hands_invalid_and_untracked_packets_to_synproxy_before_the_invalid_drop()
    {
        FirewallRuleset ruleset = FirewallRenderer.Render(FirewallPolicyBuilder.Build(WithServices(s => s with { SynProxy = true })));

        Assert.Equal(
            "set syn_proxy { type ipv4_addr . inet_proto . inet_service; flags interval; elements = { 203.0.113.100 . tcp . 80 } }",
            ruleset.Sets.Single(s => s.Name == "syn_proxy").ToString());
        Assert.Equal(
            [
                "chain untrack {",
                "  type filter hook prerouting priority -300; policy accept;",
                "  meta nfproto ipv4 ip daddr . meta l4proto . th dport @syn_proxy meta l4proto tcp tcp flags syn / fin,syn,rst,ack counter notrack comment \"syn_proxy_untrack\"",
                "}",
            ],
            ruleset.Chain("untrack").Lines());
        var input = ruleset.Chain("input").Rules;
        Assert.Equal(["loopback", "syn_proxy", "ban_ssh", "established", "invalid"], input.Take(5).Select(r => r.Comment));
        Assert.Equal(
            "meta nfproto ipv4 ip daddr . meta l4proto . th dport @syn_proxy ct state invalid,untracked counter synproxy mss 1460 wscale 7 timestamp sack-perm comment \"syn_proxy\"",
            input[1].ToString());
    }

    [Fact]
    public void Without_syn_proxy_or_client_limits_there_is_no_untrack_or_limit_chain()
    {
        FirewallRuleset ruleset = FirewallRenderer.Render(FirewallPolicyBuilder.Build(Lab()));

        Assert.DoesNotContain(ruleset.Chains, c => c.Name is "untrack" or "syn_proxy_ack" or "client_limits");
        Assert.DoesNotContain(ruleset.Sets, s => s.Name == "syn_proxy" || s.Name.StartsWith("clients_", StringComparison.Ordinal));
        Assert.DoesNotContain(ruleset.Chain("input").Rules, r => r.Comment == "syn_proxy");
    }

    [Fact]
    public void A_client_limit_counts_new_flows_per_source_before_the_data_plane_dnat_and_resets_the_one_over()
    {
        FirewallRuleset ruleset = FirewallRenderer.Render(FirewallPolicyBuilder.Build(WithServices(s => s with { ClientLimit = 3 })));

        Assert.Equal("set clients_web { type ipv4_addr; size 65535; flags dynamic; }", ruleset.Sets.Single(s => s.Name == "clients_web").ToString());
        Assert.Equal(
            [
                "chain client_limits {",
                "  type filter hook prerouting priority -150; policy accept;",
                "  meta nfproto ipv4 ip daddr 203.0.113.100 meta l4proto tcp th dport 80 ct state new add @clients_web { ip saddr ct count over 3 } counter reject with tcp reset comment \"client_limit_web\"",
                "}",
            ],
            ruleset.Chain("client_limits").Lines());
    }

    [Fact]
    public void A_udp_client_limit_rejects_with_port_unreachable()
    {
        var udp = new Net.ListenEndpoint(System.Net.IPAddress.Parse("203.0.113.100"), Net.PortRange.Of(53), Net.L4Protocol.Udp);
        FirewallPolicy policy = FirewallPolicyBuilder.Build(Lab()) with { ClientLimits = [new ServiceClientLimit("dns", udp, 10)] };

        Assert.Equal(
            "meta nfproto ipv4 ip daddr 203.0.113.100 meta l4proto udp th dport 53 ct state new add @clients_dns { ip saddr ct count over 10 } counter reject comment \"client_limit_dns\"",
            Assert.Single(FirewallRenderer.Render(policy).Chain("client_limits").Rules).ToString());
    }

    [Fact]
    public void A_log_group_sends_both_drop_logs_to_nflog()
    {
        NodeView lab = Lab();
        ClusterConfig cluster = lab.Cluster with { Firewall = lab.Cluster.Firewall with { LogGroup = 7 } };

        FirewallRuleset ruleset = FirewallRenderer.Render(FirewallPolicyBuilder.Build(cluster.ForNode("lb1")));

        Assert.Equal(
            "limit rate 10/minute burst 5 packets log prefix \"fulcrum input drop: \" group 7 comment \"log_input\"",
            Assert.Single(ruleset.Chain("input").Rules, r => r.Comment == "log_input").ToString());
        Assert.Equal(
            "limit rate 10/minute burst 5 packets log prefix \"fulcrum forward drop: \" group 7 comment \"log_forward\"",
            Assert.Single(ruleset.Chain("forward").Rules, r => r.Comment == "log_forward").ToString());
    }

    [Fact]
    public void Syn_proxy_strips_the_timestamp_from_its_own_ack_to_the_server_before_the_dnat()
    {
        FirewallRuleset ruleset = FirewallRenderer.Render(FirewallPolicyBuilder.Build(WithServices(s => s with { SynProxy = true })));

        Assert.Equal(
            [
                "chain syn_proxy_ack {",
                "  type filter hook output priority -150; policy accept;",
                "  meta nfproto ipv4 ip daddr . meta l4proto . th dport @syn_proxy meta l4proto tcp tcp flags == ack ct direction original counter reset tcp option timestamp comment \"syn_proxy_ack\"",
                "}",
            ],
            ruleset.Chain("syn_proxy_ack").Lines());
    }

    [Fact]
    public void The_ssh_meter_counts_completed_handshakes_once_each_before_established_accepts_them()
    {
        var input = FirewallRenderer.Render(FirewallPolicyBuilder.Build(Lab())).Chain("input").Rules.ToList();

        FirewallRule meter = Assert.Single(input, r => r.Comment == "ban_ssh");
        Assert.True(input.IndexOf(meter) < input.FindIndex(r => r.Comment == "established"));
        Assert.DoesNotContain(meter.Terms, t => t is Core.Firewall.Terms.CtStateTerm);
        Assert.Equal(
            "meta nfproto ipv4 meta l4proto tcp th dport 2222 ct direction original ct status assured ct label ! 127 ip saddr != @ban_exempt ct label set 127 ct label 127 update @ssh_meter { ip saddr limit rate over 5/minute burst 5 packets } add @banned { ip saddr } counter reject with tcp reset comment \"ban_ssh\"",
            meter.ToString());
    }

    [Fact]
    public void The_admin_networks_are_not_exempt_with_exempt_admin_false_and_a_catch_all_never_is()
    {
        NodeView lab = Lab();
        AdminAccessConfig admin = lab.Cluster.Firewall.Admin;
        FirewallPolicy off = FirewallPolicyBuilder.Build((lab.Cluster with
        {
            Firewall = lab.Cluster.Firewall with { Admin = admin with { Ban = admin.Ban with { ExemptAdmin = false } } },
        }).ForNode("lb1"));
        FirewallPolicy anywhere = FirewallPolicyBuilder.Build((lab.Cluster with
        {
            Firewall = lab.Cluster.Firewall with { Admin = admin with { From = [System.Net.IPNetwork.Parse("0.0.0.0/0"), System.Net.IPNetwork.Parse("198.51.100.0/24")] } },
        }).ForNode("lb1"));

        Assert.Equal(["203.0.113.2/32", "192.168.20.2/32"], off.BanExempt.Select(p => p.ToString()));
        Assert.Equal(["203.0.113.2/32", "192.168.20.2/32", "198.51.100.0/24"], anywhere.BanExempt.Select(p => p.ToString()));
    }

    [Fact]
    public void Admin_ports_are_open_on_the_nodes_own_addresses_never_on_a_vip()
    {
        FirewallRuleset ruleset = FirewallRenderer.Render(FirewallPolicyBuilder.Build(Lab()));

        Assert.Equal(
            "set vips { type ipv4_addr; flags interval; elements = { 203.0.113.100, 192.168.20.254 } }",
            ruleset.Sets.Single(s => s.Name == "vips").ToString());
        Assert.Equal(
            "meta nfproto ipv4 meta l4proto tcp th dport 2222 ip daddr != @vips ip saddr @admin accept comment \"admin_ssh\"",
            Assert.Single(ruleset.Chain("input").Rules, r => r.Comment == "admin_ssh").ToString());
    }

    private const string Expected = """
        table inet fulcrum_filter {
          set admin { type ipv4_addr; flags interval; elements = { 203.0.113.50 } }
          set vips { type ipv4_addr; flags interval; elements = { 203.0.113.100, 192.168.20.254 } }
          set ban_exempt { type ipv4_addr; flags interval; elements = { 203.0.113.2, 192.168.20.2, 203.0.113.50 } }
          set banned { type ipv4_addr; flags dynamic,timeout; timeout 10m; }
          set ssh_meter { type ipv4_addr; flags dynamic,timeout; timeout 1m; }
          set services { type ipv4_addr . inet_proto . inet_service; flags interval; elements = { 203.0.113.100 . tcp . 80 } }
          set bogons { type ipv4_addr; flags interval; elements = { 192.168.20.0/24, 0.0.0.0/8, 127.0.0.0/8, 169.254.0.0/16, 224.0.0.0/4, 240.0.0.0/4, 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 } }
          set own { type ipv4_addr; flags interval; elements = { 203.0.113.1, 192.168.20.1, 203.0.113.100, 192.168.20.254 } }
          chain spoofing {
            type filter hook prerouting priority -300; policy accept;
            iifname "eth0" meta nfproto ipv4 ip saddr @bogons counter drop comment "spoof_bogon"
            iifname "eth0" meta nfproto ipv4 ip saddr @own counter drop comment "spoof_own"
            iifname "eth0" meta nfproto ipv4 fib saddr . iif oif missing counter drop comment "spoof_rpf"
          }
          chain input {
            type filter hook input priority 0; policy drop;
            iifname "lo" accept comment "loopback"
            meta nfproto ipv4 meta l4proto tcp th dport 2222 ct direction original ct status assured ct label ! 127 ip saddr != @ban_exempt ct label set 127 ct label 127 update @ssh_meter { ip saddr limit rate over 5/minute burst 5 packets } add @banned { ip saddr } counter reject with tcp reset comment "ban_ssh"
            ct state established,related accept comment "established"
            ct state invalid counter drop comment "invalid"
            iifname "eth0" meta nfproto ipv4 ip saddr 203.0.113.2 meta l4proto vrrp accept comment "vrrp_peer"
            iifname "eth1" meta nfproto ipv4 ip saddr 192.168.20.2 meta l4proto vrrp accept comment "vrrp_peer"
            meta nfproto ipv4 ip saddr @banned counter drop comment "banned"
            meta nfproto ipv4 meta l4proto tcp th dport 2222 ip daddr != @vips ip saddr @admin accept comment "admin_ssh"
            meta nfproto ipv4 ip daddr . meta l4proto . th dport @services accept comment "service"
            meta nfproto ipv4 meta l4proto icmp icmp type echo-request limit rate 10/second burst 20 packets accept comment "icmp_echo"
            meta nfproto ipv6 meta l4proto ipv6-icmp icmpv6 type nd-router-solicit accept comment "ipv6_nd"
            meta nfproto ipv6 meta l4proto ipv6-icmp icmpv6 type nd-router-advert accept comment "ipv6_nd"
            meta nfproto ipv6 meta l4proto ipv6-icmp icmpv6 type nd-neighbor-solicit accept comment "ipv6_nd"
            meta nfproto ipv6 meta l4proto ipv6-icmp icmpv6 type nd-neighbor-advert accept comment "ipv6_nd"
            limit rate 10/minute burst 5 packets log prefix "fulcrum input drop: " comment "log_input"
            counter drop comment "input_drop"
          }
          chain forward {
            type filter hook forward priority 0; policy drop;
            ct state established,related accept comment "established"
            ct state invalid counter drop comment "invalid"
            oifname "eth1" ct status dnat counter accept comment "service"
            iifname "eth1" oifname "eth0" meta nfproto ipv4 ip saddr 192.168.20.0/24 meta l4proto tcp th dport 80 counter accept comment "egress"
            iifname "eth1" oifname "eth0" meta nfproto ipv4 ip saddr 192.168.20.0/24 meta l4proto tcp th dport 443 counter accept comment "egress"
            iifname "eth1" oifname "eth0" meta nfproto ipv4 ip saddr 192.168.20.0/24 meta l4proto udp th dport 53 counter accept comment "egress"
            limit rate 10/minute burst 5 packets log prefix "fulcrum forward drop: " comment "log_forward"
            counter drop comment "forward_drop"
          }
          chain postrouting {
            type nat hook postrouting priority 100; policy accept;
            oifname "eth0" meta nfproto ipv4 ip saddr 192.168.20.0/24 counter snat ip to 203.0.113.100 comment "snat_egress"
          }
        }
        """;
}
