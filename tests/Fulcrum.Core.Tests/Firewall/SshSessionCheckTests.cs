using Fulcrum.Core.Firewall;

namespace Fulcrum.Core.Tests.Firewall;

public sealed class SshSessionCheckTests
{
    private static readonly FirewallPolicy Policy = FirewallPolicyBuilder.Build(FirewallRendererTests.Lab());

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("203.0.113.50 40000 203.0.113.1 2222")]
    [InlineData("127.0.0.1 40000 127.0.0.1 22")]
    public void Sessions_the_policy_still_admits_pass(string? connection) =>
        Assert.Null(SshSessionCheck.Check(Policy, connection));

    [Fact]
    public void A_session_on_another_port_is_refused_naming_the_rule()
    {
        string? refusal = SshSessionCheck.Check(Policy, "203.0.113.50 40000 203.0.113.1 22");

        Assert.Equal(
            "this session uses port 22, but the input chain admits SSH only on port 2222 (rule \"admin_ssh\": tcp dport 2222 ip saddr @admin accept); a new session on port 22 would be dropped (rule \"input_drop\")",
            refusal);
    }

    [Fact]
    public void A_session_from_outside_the_admin_networks_is_refused_naming_the_rule()
    {
        string? refusal = SshSessionCheck.Check(Policy, "198.51.100.7 40000 203.0.113.1 2222");

        Assert.Equal(
            "this session comes from 198.51.100.7, which is not in the admin networks (203.0.113.50/32); rule \"admin_ssh\" (tcp dport 2222 ip saddr @admin accept) would not admit it",
            refusal);
    }

    [Fact]
    public void A_session_to_a_vip_is_refused_as_admin_ports_answer_only_on_the_nodes_own_addresses()
    {
        string? refusal = SshSessionCheck.Check(Policy, "203.0.113.50 40000 203.0.113.100 2222");

        Assert.Equal(
            "this session goes to 203.0.113.100, a VIP; admin ports answer only on the nodes' own addresses (rule \"admin_ssh\": tcp dport 2222 ip daddr != @vips ip saddr @admin accept), so a new session like it would be dropped (rule \"input_drop\"); connect to the node's own address",
            refusal);
    }

    [Fact]
    public void An_ipv6_session_is_refused() =>
        Assert.StartsWith("this session comes over IPv6", SshSessionCheck.Check(Policy, "2001:db8::5 40000 2001:db8::1 2222"));

    [Fact]
    public void An_unreadable_variable_is_refused_rather_than_guessed() =>
        Assert.Contains("cannot be read", SshSessionCheck.Check(Policy, "garbage"));
}
