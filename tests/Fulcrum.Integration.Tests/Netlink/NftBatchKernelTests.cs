using Fulcrum.Linux.Netlink;
using Fulcrum.Linux.Nftables;
using Fulcrum.Linux.Nftables.Expressions;

namespace Fulcrum.Integration.Tests.Netlink;

/// <summary>Batches written by <see cref="NftablesClient"/> against the real kernel, checked with nft itself.</summary>
public sealed class NftBatchKernelTests
{
    private const string Table = "fulcrum";
    private const NftFamily Ip = LvsNatRuleset.Family;

    [NetlinkPrivilegedFact]
    public void Batch_creates_the_lvs_nat_ruleset_exactly_as_nft_lists_it()
    {
        using var ns = new TestNamespace();
        using var client = NftablesClient.Open(ns.Name);

        client.Commit(LvsNatRuleset.Create(Table)
            .AddElements(Ip, Table, "services", [LvsNatRuleset.Service("203.0.113.100", 80, "svc1")])
            .AddElements(Ip, Table, "direct", [LvsNatRuleset.Direct("203.0.113.101", 443, "192.168.20.11", 8443)])
            .AddElements(Ip, Table, "svc1_backends", [LvsNatRuleset.Backend(0, "192.168.20.11", 8080), LvsNatRuleset.Backend(1, "192.168.20.12", 8080)]));

        var expected = NftJson.Normalize("""
            {"nftables": [
              {"table": {"family": "ip", "name": "fulcrum"}},
              {"map": {"family": "ip", "name": "services", "table": "fulcrum", "type": ["ipv4_addr", "inet_service"], "map": "verdict",
                       "elem": [[{"concat": ["203.0.113.100", 80]}, {"jump": {"target": "svc1"}}]]}},
              {"map": {"family": "ip", "name": "direct", "table": "fulcrum", "type": ["ipv4_addr", "inet_service"], "map": "ipv4_addr . inet_service",
                       "elem": [[{"concat": ["203.0.113.101", 443]}, {"concat": ["192.168.20.11", 8443]}]]}},
              {"map": {"family": "ip", "name": "svc1_backends", "table": "fulcrum", "type": "integer", "map": "ipv4_addr . inet_service",
                       "elem": [[0, {"concat": ["192.168.20.11", 8080]}], [1, {"concat": ["192.168.20.12", 8080]}]]}},
              {"chain": {"family": "ip", "table": "fulcrum", "name": "svc1"}},
              {"chain": {"family": "ip", "table": "fulcrum", "name": "prerouting", "type": "nat", "hook": "prerouting", "prio": -100, "policy": "accept"}},
              {"rule": {"family": "ip", "table": "fulcrum", "chain": "svc1", "expr": [
                {"match": {"op": "==", "left": {"meta": {"key": "l4proto"}}, "right": "tcp"}},
                {"dnat": {"family": "ip", "addr": {"map": {"key": {"numgen": {"mode": "inc", "mod": 2, "offset": 0}}, "data": "@svc1_backends"}}}}]}},
              {"rule": {"family": "ip", "table": "fulcrum", "chain": "prerouting", "expr": [
                {"vmap": {"key": {"concat": [{"payload": {"protocol": "ip", "field": "daddr"}}, {"payload": {"protocol": "tcp", "field": "dport"}}]}, "data": "@services"}}]}},
              {"rule": {"family": "ip", "table": "fulcrum", "chain": "prerouting", "expr": [
                {"dnat": {"family": "ip", "addr": {"map": {"key": {"concat": [{"payload": {"protocol": "ip", "field": "daddr"}}, {"payload": {"protocol": "tcp", "field": "dport"}}]}, "data": "@direct"}}}}]}}
            ]}
            """);
        Assert.Equal(expected, NftJson.Normalize(ns.Nft("-j", "list", "table", "ip", Table)));
    }

    [NetlinkPrivilegedFact]
    public void Element_add_change_and_delete_are_reflected_in_nft_list_map()
    {
        using var ns = new TestNamespace();
        using var client = NftablesClient.Open(ns.Name);
        client.Commit(LvsNatRuleset.Create(Table));

        client.Commit(new NftBatch().AddElements(Ip, Table, "direct",
            [LvsNatRuleset.Direct("203.0.113.100", 80, "192.168.20.11", 8080), LvsNatRuleset.Direct("203.0.113.100", 443, "192.168.20.11", 8443)]));
        Assert.Contains("elements = { 203.0.113.100 . 80 : 192.168.20.11 . 8080,", ListDirect(ns), StringComparison.Ordinal);

        // Changing an element's value is delete + add in one transaction (add alone gives EEXIST).
        client.Commit(new NftBatch()
            .DeleteElements(Ip, Table, "direct", [LvsNatRuleset.Direct("203.0.113.100", 80, "192.168.20.11", 8080)])
            .AddElements(Ip, Table, "direct", [LvsNatRuleset.Direct("203.0.113.100", 80, "192.168.20.12", 8080)]));
        Assert.Contains("203.0.113.100 . 80 : 192.168.20.12 . 8080", ListDirect(ns), StringComparison.Ordinal);

        client.Commit(new NftBatch().DeleteElements(Ip, Table, "direct", [LvsNatRuleset.Direct("203.0.113.100", 443, "0.0.0.0", 0)]));
        var listing = ListDirect(ns);
        Assert.DoesNotContain("443", listing, StringComparison.Ordinal);
        Assert.Contains("elements = { 203.0.113.100 . 80 : 192.168.20.12 . 8080 }", listing, StringComparison.Ordinal);
    }

    [NetlinkPrivilegedFact]
    public void Batch_with_one_bad_message_is_rejected_whole_with_the_errno_and_the_failed_message()
    {
        using var ns = new TestNamespace();
        using var client = NftablesClient.Open(ns.Name);
        client.Commit(LvsNatRuleset.Create(Table).AddElements(Ip, Table, "services", [LvsNatRuleset.Service("203.0.113.100", 80, "svc1")]));
        var before = ns.Nft("list", "ruleset");

        var batch = new NftBatch()
            .AddElements(Ip, Table, "services", [LvsNatRuleset.Service("203.0.113.100", 443, "svc1")])
            .AddChain(Ip, Table, "svc2")
            .AddRule(Ip, Table, "svc2", new VerdictExpression(NftVerdict.Jump("missing")))
            .AddElements(Ip, Table, "direct", [LvsNatRuleset.Direct("203.0.113.101", 80, "192.168.20.11", 8080)]);
        var error = Assert.Throws<NetlinkException>(() => client.Commit(batch));

        Assert.Equal(before, ns.Nft("list", "ruleset"));
        Assert.Equal(2, error.Errno);
        Assert.Equal("ENOENT", error.ErrnoName);
        var failure = Assert.Single(error.Errors);
        Assert.StartsWith("NFT_MSG_NEWRULE (add rule ip fulcrum svc2", failure.Request, StringComparison.Ordinal);
        Assert.Equal("4/1", failure.AttributePath); // NFTA_RULE_EXPRESSIONS, first expression
        Assert.Contains("ENOENT (No such file or directory)", error.Message, StringComparison.Ordinal);
    }

    [NetlinkPrivilegedFact]
    public void Kernel_policy_rejection_carries_the_extended_ack_text()
    {
        using var ns = new TestNamespace();
        using var client = NftablesClient.Open(ns.Name);
        var before = ns.Nft("list", "ruleset");

        var error = Assert.Throws<NetlinkException>(() => client.Commit(new NftBatch()
            .AddTable(Ip, Table)
            .AddTable(Ip, new string('x', 300))));

        Assert.Equal(before, ns.Nft("list", "ruleset"));
        Assert.Equal("ERANGE", error.ErrnoName);
        Assert.Equal("Attribute failed policy validation", error.ExtendedAckMessage);
        Assert.Contains("Attribute failed policy validation", error.Message, StringComparison.Ordinal);
        Assert.Equal("1", Assert.Single(error.Errors).AttributePath); // NFTA_TABLE_NAME
    }

    [NetlinkPrivilegedFact]
    public void Every_failed_message_of_a_batch_is_reported()
    {
        using var ns = new TestNamespace();
        using var client = NftablesClient.Open(ns.Name);

        var error = Assert.Throws<NetlinkException>(() => client.Commit(new NftBatch()
            .DeleteTable(Ip, "absent1")
            .AddTable(Ip, "present")
            .DeleteTable(Ip, "absent2")));

        Assert.Equal(["delete table ip absent1", "delete table ip absent2"], error.Errors.Select(e => e.Request![(e.Request!.IndexOf('(', StringComparison.Ordinal) + 1)..^1]));
        Assert.Empty(client.ListTables());
    }

    private static string ListDirect(TestNamespace ns) => ns.Nft("list", "map", "ip", Table, "direct");
}
