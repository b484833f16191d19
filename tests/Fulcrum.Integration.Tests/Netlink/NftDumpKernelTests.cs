using Fulcrum.Linux.Nftables;
using Fulcrum.Linux.Nftables.Expressions;

namespace Fulcrum.Integration.Tests.Netlink;

/// <summary>Reading kernel state back (what the daemon does to adopt state after a crash).</summary>
public sealed class NftDumpKernelTests
{
    private const string Table = "fulcrum";
    private const NftFamily Ip = LvsNatRuleset.Family;

    [NetlinkPrivilegedFact]
    public void Dumps_return_the_tables_chains_sets_elements_and_rules_written()
    {
        using var ns = new TestNamespace();
        using var client = NftablesClient.Open(ns.Name);
        var backends = Enumerable.Range(0, 3000).Select(i => LvsNatRuleset.Backend((uint)i, "192.168.20.11", (ushort)(1000 + i))).ToList();
        client.Commit(LvsNatRuleset.Create(Table)
            .AddElements(Ip, Table, "services", [LvsNatRuleset.Service("203.0.113.100", 80, "svc1")])
            .AddElements(Ip, Table, "svc1_backends", backends));
        ns.Nft("add", "table", "ip", "other");

        var tables = client.ListTables(Ip);
        Assert.Equal(["fulcrum", "other"], tables.Select(t => t.Name).Order());

        var chains = client.ListChains(Ip, Table);
        Assert.Equal(["prerouting", "svc1"], chains.Select(c => c.Name).Order());
        Assert.Equal(new NftBaseChain(NftChainType.Nat, NftHook.Prerouting, -100), chains.Single(c => c.Name == "prerouting").BaseChain);
        Assert.Null(chains.Single(c => c.Name == "svc1").BaseChain);

        var sets = client.ListSets(Ip, Table);
        var services = sets.Single(s => s.Name == "services");
        // The kernel ignores NFTA_SET_DATA_LEN of a verdict map and reports sizeof(struct nft_verdict).
        Assert.Equal(NftSet.AddressPortVerdictMap(Ip, Table, "services") with { Handle = services.Handle, DataLength = 16 }, services);
        var backendMap = sets.Single(s => s.Name == "svc1_backends");
        Assert.Equal(NftSet.IndexToAddressPortMap(Ip, Table, "svc1_backends") with { Handle = backendMap.Handle }, backendMap);

        var serviceElements = client.ListElements(Ip, Table, "services");
        Assert.Equal([LvsNatRuleset.Service("203.0.113.100", 80, "svc1")], serviceElements);

        // 3,000 elements span several dump messages and several NEWSETELEM messages on the way in.
        var backendElements = client.ListElements(Ip, Table, "svc1_backends");
        Assert.Equal(backends.OrderBy(e => e.Key.ToString()), backendElements.OrderBy(e => e.Key.ToString()));

        var rules = client.ListRules(Ip, Table, "prerouting");
        Assert.Equal(2, rules.Count);
        Assert.All(rules, r => Assert.NotEqual(0UL, r.Handle));
        // The kernel dumps a 32-bit register that starts a 16-byte one under the 16-byte name
        // (nft_dump_register): NFT_REG32_00 comes back as NFT_REG_1, NFT_REG32_01 stays.
        Assert.Equal(new LookupExpression("services", NftRegister.Reg1, NftRegister.Verdict), rules[0].Expressions[^1]);
        Assert.Equal(PayloadExpression.TransportDestinationPort(NftRegister.Reg32_01), rules[0].Expressions[^2]);
    }

    [NetlinkPrivilegedFact]
    public void Rule_replace_and_delete_by_handle()
    {
        using var ns = new TestNamespace();
        using var client = NftablesClient.Open(ns.Name);
        client.Commit(new NftBatch()
            .AddTable(Ip, Table)
            .AddChain(Ip, Table, "filter", new NftBaseChain(NftChainType.Filter, NftHook.Input, NftChainPriority.Filter))
            .AddRule(Ip, Table, "filter", new CounterExpression(), new VerdictExpression(NftVerdict.Accept)));
        var rule = Assert.Single(client.ListRules(Ip, Table));

        client.Commit(new NftBatch().ReplaceRule(Ip, Table, "filter", rule.Handle,
            new CtExpression(NftCtKey.State, NftRegister.Reg32_00),
            new BitwiseExpression(NftRegister.Reg32_00, NftRegister.Reg32_00, 4,
                NftData.FromUInt32HostOrder((uint)(NftCtState.Established | NftCtState.Related)), NftData.FromUInt32HostOrder(0)),
            new CmpExpression(NftRegister.Reg32_00, NftCmpOperator.NotEqual, NftData.FromUInt32HostOrder(0)),
            new VerdictExpression(NftVerdict.Accept)));
        Assert.Contains("ct state established,related accept", ns.Nft("list", "chain", "ip", Table, "filter"), StringComparison.Ordinal);

        var replaced = Assert.Single(client.ListRules(Ip, Table));
        client.Commit(new NftBatch().DeleteRule(Ip, Table, "filter", replaced.Handle));
        Assert.Empty(client.ListRules(Ip, Table));
    }
}
