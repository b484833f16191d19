using Fulcrum.Core.Config;
using Fulcrum.Core.Firewall;
using Fulcrum.Core.Firewall.Terms;
using Fulcrum.Integration.Tests.Cli;
using Fulcrum.Integration.Tests.Lab;
using Fulcrum.Linux.Firewall;

namespace Fulcrum.Integration.Tests.Firewall;

/// <summary>The firewall table against the real kernel in a namespace of its own, through the library and the CLI.</summary>
public sealed class FirewallKernelTests
{
    [PrivilegedFact]
    public void A_change_the_kernel_rejects_leaves_the_previous_rules_byte_identical()
    {
        using var node = new FirewallNode();
        FirewallRuleset ruleset = Render(node.Config);
        using var firewall = NftFirewall.Open(node.Name);
        firewall.Apply(ruleset);
        string before = node.ListJson();

        // A rule that looks a set up that does not exist: the kernel refuses the whole transaction.
        FirewallChain input = ruleset.Chain("input");
        FirewallRule broken = new([new AddressSetTerm(true, "no_such_set")], FirewallVerdict.Drop, "broken");
        FirewallRuleset bad = ruleset with
        {
            Chains = [.. ruleset.Chains.Select(c => c == input ? c with { Rules = [broken, .. c.Rules] } : c)],
        };

        var failure = Assert.Throws<FirewallException>(() => firewall.Apply(bad));

        Assert.Contains("nothing was changed", failure.Message, StringComparison.Ordinal);
        Assert.Equal(before, node.ListJson());
    }

    [PrivilegedFact]
    public async Task Apply_writes_the_rendered_rules_and_the_host_settings()
    {
        using var node = new FirewallNode();

        var (exit, stdout, stderr) = await FulcrumProcess.RunAsync("apply", node.Config, "--node", "lb1", "--netns", node.Name);

        Assert.True(exit == 0, stderr);
        Assert.Contains("Firewall applied: table inet fulcrum_filter", stdout, StringComparison.Ordinal);
        string input = node.Nft("list", "chain", "inet", "fulcrum_filter", "input");
        Assert.Contains("tcp dport 2222 ip daddr != @vips ip saddr @admin accept comment \"admin_ssh\"", input, StringComparison.Ordinal);
        Assert.Contains("policy drop;", input, StringComparison.Ordinal);
        Assert.Contains("snat ip to 203.0.113.100", node.Nft("list", "chain", "inet", "fulcrum_filter", "postrouting"), StringComparison.Ordinal);
        Assert.Equal("net.ipv4.ip_forward = 1\n", Sysctl(node, "net.ipv4.ip_forward"));
        Assert.Equal("net.ipv4.conf.eth0.send_redirects = 0\n", Sysctl(node, "net.ipv4.conf.eth0.send_redirects"));
        Assert.Equal("net.ipv4.conf.eth1.rp_filter = 1\n", Sysctl(node, "net.ipv4.conf.eth1.rp_filter"));
    }

    [PrivilegedFact]
    public async Task The_handshake_meter_and_the_syn_proxy_ack_rule_load_and_nft_reads_them_back_as_rendered()
    {
        using var node = new FirewallNode();
        string proxied = node.WriteConfig("proxied.yaml", sshPort: 2222, synProxy: true);

        var (exit, _, stderr) = await FulcrumProcess.RunAsync("apply", proxied, "--node", "lb1", "--netns", node.Name);

        Assert.True(exit == 0, stderr);
        Assert.Contains(
            "tcp dport 2222 ct direction original ct status assured ct label ! 127 ip saddr != @ban_exempt ct label set 127 ct label 127 update @ssh_meter { ip saddr limit rate over 5/minute } add @banned { ip saddr } counter packets 0 bytes 0 reject with tcp reset comment \"ban_ssh\"",
            node.Nft("list", "chain", "inet", "fulcrum_filter", "input"),
            StringComparison.Ordinal);
        string ack = node.Nft("list", "chain", "inet", "fulcrum_filter", "syn_proxy_ack");
        Assert.Contains("type filter hook output priority mangle; policy accept;", ack, StringComparison.Ordinal);
        Assert.Contains(
            "ip daddr . meta l4proto . th dport @syn_proxy tcp flags == ack ct direction original counter packets 0 bytes 0 reset tcp option timestamp comment \"syn_proxy_ack\"",
            ack,
            StringComparison.Ordinal);
        Assert.Equal("net.netfilter.nf_conntrack_tcp_loose = 0\n", Sysctl(node, "net.netfilter.nf_conntrack_tcp_loose"));
    }

    [PrivilegedFact]
    public async Task An_unconfirmed_trial_returns_the_ruleset_exactly_to_what_it_was()
    {
        using var node = new FirewallNode();
        var (exit, _, stderr) = await FulcrumProcess.RunAsync("apply", node.Config, "--node", "lb1", "--netns", node.Name);
        Assert.True(exit == 0, stderr);
        string before = node.ListJson();
        string other = node.WriteConfig("other.yaml", sshPort: 2223);

        // 8 s: the trial must still be in place when this process looks at it after apply returns
        // (process exits and nft runs take seconds on a loaded machine).
        (exit, string stdout, stderr) = await FulcrumProcess.RunAsync("apply", other, "--node", "lb1", "--netns", node.Name, "--confirm", "8s");

        Assert.True(exit == 0, stderr);
        Assert.Contains("rolls back", stdout, StringComparison.Ordinal);
        Assert.True(node.HasTable("fulcrum_filter_trial"));
        Assert.Contains("tcp dport 2223", node.Nft("list", "chain", "inet", "fulcrum_filter_trial", "input"), StringComparison.Ordinal);
        Assert.True(await Eventually.TrueAsync(() => !node.HasTable("fulcrum_filter_trial"), TimeSpan.FromSeconds(40)), "the watcher did not roll back");
        Assert.Equal(before, node.ListJson());
        Assert.False(File.Exists(Path.Combine(node.StateDir, "lb1", "firewall-trial.json")));
    }

    [PrivilegedFact]
    public async Task An_unconfirmed_trial_without_a_previous_firewall_removes_it_again()
    {
        using var node = new FirewallNode();

        // 8 s: long enough that a slow start of this process on a loaded machine still finds the
        // trial in place right after apply returns.
        var (exit, _, stderr) = await FulcrumProcess.RunAsync("apply", node.Config, "--node", "lb1", "--netns", node.Name, "--confirm", "8s");

        Assert.True(exit == 0, stderr);
        Assert.True(node.HasTable("fulcrum_filter"));
        Assert.True(await Eventually.TrueAsync(() => !node.HasTable("fulcrum_filter"), TimeSpan.FromSeconds(30)), "the watcher did not remove the table");
    }

    [PrivilegedFact]
    public async Task A_confirmed_trial_stays_and_the_watcher_does_not_roll_it_back()
    {
        using var node = new FirewallNode();
        var (exit, _, stderr) = await FulcrumProcess.RunAsync("apply", node.Config, "--node", "lb1", "--netns", node.Name);
        Assert.True(exit == 0, stderr);
        string other = node.WriteConfig("other.yaml", sshPort: 2223);
        (exit, _, stderr) = await FulcrumProcess.RunAsync("apply", other, "--node", "lb1", "--netns", node.Name, "--confirm", "30s");
        Assert.True(exit == 0, stderr);

        // (30 s: `confirm` is a second process start, seconds on a loaded machine; the test ends at the confirmation.)
        (exit, string stdout, stderr) = await FulcrumProcess.RunAsync("confirm", other, "--node", "lb1", "--netns", node.Name);

        Assert.True(exit == 0, stderr);
        Assert.Contains("confirmed", stdout, StringComparison.Ordinal);
        Assert.False(node.HasTable("fulcrum_filter_trial"));
        string log = Path.Combine(node.StateDir, "lb1", "firewall-watch.log");
        Assert.True(await Eventually.TrueAsync(() => File.Exists(log) && File.ReadAllText(log).Contains("confirmed; watcher exits", StringComparison.Ordinal), TimeSpan.FromSeconds(10)));
        Assert.Contains("tcp dport 2223", node.Nft("list", "chain", "inet", "fulcrum_filter", "input"), StringComparison.Ordinal);
    }

    [PrivilegedFact]
    public async Task A_policy_that_would_cut_this_ssh_session_is_refused_without_force()
    {
        using var node = new FirewallNode();

        var (exit, _, stderr) = await FulcrumProcess.RunWithEnvironmentAsync(
            new Dictionary<string, string> { ["SSH_CONNECTION"] = "198.51.100.7 50000 203.0.113.1 2222" },
            "apply", node.Config, "--node", "lb1", "--netns", node.Name);

        Assert.Equal(1, exit);
        Assert.Contains("rule \"admin_ssh\"", stderr, StringComparison.Ordinal);
        Assert.False(node.HasTable("fulcrum_filter"));
        Assert.DoesNotContain("table ip fulcrum", node.Nft("list", "tables"), StringComparison.Ordinal);
    }

    private static string Sysctl(FirewallNode node, string name) =>
        Netlink.ProcessRunner.Run("ip", "netns", "exec", node.Name, "sysctl", name);

    private static FirewallRuleset Render(string config)
    {
        ConfigLoadResult result = ConfigLoader.Load(config);
        Assert.True(result.Succeeded);
        return FirewallRenderer.Render(FirewallPolicyBuilder.Build(result.Config!.ForNode("lb1")));
    }
}
