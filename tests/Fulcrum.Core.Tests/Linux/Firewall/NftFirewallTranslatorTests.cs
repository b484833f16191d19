using System.Net;
using Fulcrum.Core.Firewall;
using Fulcrum.Core.Firewall.Terms;
using Fulcrum.Linux.Firewall;
using Fulcrum.Linux.Nftables;
using Fulcrum.Linux.Nftables.Commands;
using Fulcrum.Linux.Nftables.Expressions;

namespace Fulcrum.Core.Tests.Linux.Firewall;

/// <summary>Rules become the expressions nft would compile them to.</summary>
public sealed class NftFirewallTranslatorTests
{
    private const NftRegister R1 = NftRegister.Reg1;

    [Fact]
    public void A_prefix_match_is_payload_mask_and_compare()
    {
        var rule = new FirewallRule([new PrefixTerm(true, IPNetwork.Parse("192.168.20.0/24"))], FirewallVerdict.Drop, "x");

        Assert.Equal(
            [
                PayloadExpression.IpSourceAddress(R1),
                new BitwiseExpression(R1, R1, 4, NftData.FromUInt32BigEndian(0xffffff00), NftData.FromUInt32BigEndian(0)),
                new CmpExpression(R1, NftCmpOperator.Equal, NftData.FromAddress(IPAddress.Parse("192.168.20.0"))),
                new VerdictExpression(NftVerdict.Drop),
            ],
            NftFirewallTranslator.Expressions(rule, _ => null));
    }

    [Fact]
    public void Ct_status_dnat_tests_the_dst_nat_bit()
    {
        var rule = new FirewallRule([CtDnatTerm.Instance], FirewallVerdict.Accept, "x");

        Assert.Equal(
            [
                new CtExpression(NftCtKey.Status, R1),
                new BitwiseExpression(R1, R1, 4, NftData.FromUInt32HostOrder(0x20), NftData.FromUInt32HostOrder(0)),
                new CmpExpression(R1, NftCmpOperator.NotEqual, NftData.FromUInt32HostOrder(0)),
                new VerdictExpression(NftVerdict.Accept),
            ],
            NftFirewallTranslator.Expressions(rule, _ => null));
    }

    [Fact]
    public void The_ssh_meter_updates_a_per_source_limit_then_adds_to_the_ban_set()
    {
        var rule = new FirewallRule(
            [new MeterTerm("ssh_meter", new LimitTerm(5, TimeSpan.FromMinutes(1), 5, Over: true)), new AddSourceTerm("banned")],
            FirewallVerdict.Drop,
            "ban_ssh");

        var expressions = NftFirewallTranslator.Expressions(rule, set => set == "banned" ? 7u : null);

        var meter = Assert.IsType<DynsetExpression>(expressions[1]);
        Assert.Equal(NftDynsetOperation.Update, meter.Operation);
        Assert.Equal(new LimitExpression(5, 60, 5, Over: true), meter.ElementExpression);
        var ban = Assert.IsType<DynsetExpression>(expressions[3]);
        Assert.Equal((NftDynsetOperation.Add, "banned", (uint?)7), (ban.Operation, ban.SetName, ban.SetId));
    }

    [Fact]
    public void The_syn_proxy_untrack_rule_matches_a_bare_syn_then_counts_and_untracks()
    {
        var rule = new FirewallRule([TcpSynTerm.Instance, CounterTerm.Instance, NotrackTerm.Instance], FirewallVerdict.Continue, "syn_proxy_untrack");

        Assert.Equal(
            [
                new PayloadExpression(NftPayloadBase.Transport, 13, 1, R1),
                new BitwiseExpression(R1, R1, 1, NftData.FromByte(0x17), NftData.FromByte(0)),
                new CmpExpression(R1, NftCmpOperator.Equal, NftData.FromByte(0x02)),
                new CounterExpression(),
                NotrackExpression.Instance,
            ],
            NftFirewallTranslator.Expressions(rule, _ => null));
    }

    [Fact]
    public void Synproxy_carries_mss_wscale_timestamp_and_sack()
    {
        var rule = new FirewallRule([SynProxyTerm.Default], FirewallVerdict.Continue, "syn_proxy");

        Assert.Equal([new SynproxyExpression(1460, 7, Timestamp: true, SackPermitted: true)], NftFirewallTranslator.Expressions(rule, _ => null));
    }

    [Fact]
    public void A_client_limit_adds_the_source_with_an_inverted_connlimit_then_rejects()
    {
        var rule = new FirewallRule([new ClientCountTerm("clients_web", 3), new RejectTerm(true)], FirewallVerdict.Continue, "client_limit_web");

        var expressions = NftFirewallTranslator.Expressions(rule, set => set == "clients_web" ? 4u : null);

        Assert.Equal(PayloadExpression.IpSourceAddress(R1), expressions[0]);
        var count = Assert.IsType<DynsetExpression>(expressions[1]);
        Assert.Equal((NftDynsetOperation.Add, "clients_web", (uint?)4), (count.Operation, count.SetName, count.SetId));
        Assert.Equal(new ConnlimitExpression(3, Over: true), count.ElementExpression);
        Assert.Equal(new RejectExpression(TcpReset: true), expressions[2]);
        Assert.Equal(3, expressions.Count);
    }

    [Fact]
    public void The_handshake_meter_tests_direction_and_assured_then_sets_the_label_bit_and_reads_it_back()
    {
        var rule = new FirewallRule(
            [CtDirectionTerm.FromOpener, CtAssuredTerm.Instance, new CtLabelTerm(127, Negated: true), new CtLabelSetTerm(127), new CtLabelTerm(127)],
            FirewallVerdict.Continue,
            "ban_ssh");
        var bit127 = new byte[16];
        bit127[15] = 0x80;
        var zero = new NftData(new byte[16]);

        Assert.Equal(
            [
                new CtExpression(NftCtKey.Direction, R1),
                new CmpExpression(R1, NftCmpOperator.Equal, NftData.FromByte(0)),
                new CtExpression(NftCtKey.Status, R1),
                new BitwiseExpression(R1, R1, 4, NftData.FromUInt32HostOrder(0x04), NftData.FromUInt32HostOrder(0)),
                new CmpExpression(R1, NftCmpOperator.NotEqual, NftData.FromUInt32HostOrder(0)),
                new CtExpression(NftCtKey.Labels, R1),
                new BitwiseExpression(R1, R1, 16, new NftData(bit127), zero),
                new CmpExpression(R1, NftCmpOperator.Equal, zero),
                new ImmediateExpression(R1, new NftData(bit127)),
                new CtSetExpression(NftCtKey.Labels, R1),
                new CtExpression(NftCtKey.Labels, R1),
                new BitwiseExpression(R1, R1, 16, new NftData(bit127), zero),
                new CmpExpression(R1, NftCmpOperator.NotEqual, zero),
            ],
            NftFirewallTranslator.Expressions(rule, _ => null));
    }

    [Fact]
    public void The_syn_proxy_ack_rule_compares_all_tcp_flags_with_ack_and_strips_option_8()
    {
        var rule = new FirewallRule([TcpAckOnlyTerm.Instance, StripTcpTimestampTerm.Instance], FirewallVerdict.Continue, "syn_proxy_ack");

        Assert.Equal(
            [
                new PayloadExpression(NftPayloadBase.Transport, 13, 1, R1),
                new CmpExpression(R1, NftCmpOperator.Equal, NftData.FromByte(0x10)),
                new TcpOptionResetExpression(8),
            ],
            NftFirewallTranslator.Expressions(rule, _ => null));
    }

    [Fact]
    public void The_lab_table_is_one_batch_of_table_sets_elements_chains_and_rules_in_that_order()
    {
        FirewallRuleset ruleset = FirewallRenderer.Render(FirewallPolicyBuilder.Build(Core.Tests.Firewall.FirewallRendererTests.Lab()));
        var batch = new NftBatch();

        NftFirewallTranslator.AddTable(batch, ruleset);

        Assert.IsType<NftAddTable>(batch.Commands[0]);
        Assert.Equal(ruleset.Sets.Count, batch.Commands.OfType<NftAddSet>().Count());
        Assert.Equal(ruleset.Chains.Select(c => c.Name), batch.Commands.OfType<NftAddChain>().Select(c => c.Name));
        Assert.Equal(ruleset.Chains.Sum(c => c.Rules.Count), batch.Commands.OfType<NftAddRule>().Count());
        var bogons = batch.Commands.OfType<NftAddElements>().Single(e => e.Set == "bogons");
        // 0/8, 10/8, 127/8, 169.254/16, 172.16/12, 192.168/16 (which holds the private prefix): a start
        // and an end each; 224/4 and 240/4 merge into one range up to 255.255.255.255: a start only.
        Assert.Equal(13, bogons.Elements.Count);
    }
}
