using System.Collections.Immutable;
using Fulcrum.Core.Config;
using Fulcrum.Core.DataPlane;
using Fulcrum.Core.Net;
using Fulcrum.Linux.DataPlane;
using Fulcrum.Linux.Netlink;
using Fulcrum.Linux.Nftables;
using Fulcrum.Linux.Nftables.Commands;
using Fulcrum.Linux.Nftables.Expressions;
using static Fulcrum.Core.Tests.Linux.DataPlane.Models;

namespace Fulcrum.Core.Tests.Linux.DataPlane;

/// <summary>Golden command lists: what one plan sends to the kernel, and nothing more.</summary>
public sealed class NftPlanTranslatorTests
{
    private static readonly VirtualService Web = Service("web", 80, Scheduler.WeightedRoundRobin, Server(11, 3), Server(12, 1), Server(13, 0));

    [Fact]
    public void A_first_service_creates_the_skeleton_then_its_bucket_rule_and_elements_in_one_batch()
    {
        var translation = Translate(NftEngineState.Empty, Model(Web));

        Assert.Equal(
        [
            "add table ip fulcrum",
            "add set ip fulcrum services",
            "add set ip fulcrum service_ranges",
            "add set ip fulcrum buckets",
            "add set ip fulcrum backends",
            "add set ip fulcrum targets",
            "add set ip fulcrum servers",
            "add set ip fulcrum persist",
            "add set ip fulcrum stats",
            "add chain ip fulcrum pick",
            "flush chain ip fulcrum pick",
            "add rule ip fulcrum pick (4 expression(s))",
            "add rule ip fulcrum pick (3 expression(s))",
            "add chain ip fulcrum dnat_port",
            "flush chain ip fulcrum dnat_port",
            "add rule ip fulcrum dnat_port (3 expression(s))",
            "add chain ip fulcrum dnat_addr",
            "flush chain ip fulcrum dnat_addr",
            "add rule ip fulcrum dnat_addr (3 expression(s))",
            .. Enumerable.Range(0, 256).Select(b => $"add chain ip fulcrum bucket_{b}"),
            "add element ip fulcrum buckets (256 element(s))",
            "add chain ip fulcrum prerouting",
            "flush chain ip fulcrum prerouting",
            "add rule ip fulcrum prerouting (8 expression(s))",
            "add rule ip fulcrum prerouting (10 expression(s))",
            "add rule ip fulcrum prerouting (6 expression(s))",
            "add rule ip fulcrum prerouting (8 expression(s))",
            "add rule ip fulcrum prerouting (10 expression(s))",
            "add rule ip fulcrum prerouting (6 expression(s))",
            "add chain ip fulcrum output",
            "flush chain ip fulcrum output",
            "add rule ip fulcrum output (3 expression(s))",
            "add rule ip fulcrum output (8 expression(s))",
            "add rule ip fulcrum output (10 expression(s))",
            "add rule ip fulcrum output (6 expression(s))",
            "add rule ip fulcrum output (8 expression(s))",
            "add rule ip fulcrum output (10 expression(s))",
            "add rule ip fulcrum output (6 expression(s))",
            "add chain ip fulcrum counters",
            "flush chain ip fulcrum counters",
            "add rule ip fulcrum counters (4 expression(s))",
            "add rule ip fulcrum bucket_1 (5 expression(s))",
            "add element ip fulcrum services (1 element(s))",
            "add element ip fulcrum backends (4 element(s))",
            "add element ip fulcrum targets (3 element(s))",
            "add element ip fulcrum servers (3 element(s))",
        ], Commands(translation));

        // wrr 3:1:0 is four slots, the drained server in none: marks 1 1 2 1.
        var backends = Elements(translation, "backends");
        Assert.Equal([1u, 1u, 2u, 1u], backends.Select(e => NftLayout.ReadMark(e.Data!.Value)));
        Assert.Equal(NftLayout.SlotKey(1, 3), backends[3].Key);
        Assert.Equal(NftLayout.Mark(1 << 17), Elements(translation, "services")[0].Data);
        Assert.Equal(NftVerdict.Jump("bucket_255"), Elements(translation, "buckets")[255].Verdict);
        Assert.Equal(NftLayout.Mark(255 << 17), Elements(translation, "buckets")[255].Key);
        Assert.Equal(NftLayout.DispatchKey(Vip, L4Protocol.Tcp, 80), Elements(translation, "services")[0].Key);
        Assert.Equal(Model(Web), translation.Next.Model);
        Assert.True(translation.Next.HasSkeleton);
    }

    [Fact]
    public void The_service_rule_hands_its_own_counters_slot_key_to_the_shared_pick_chain_in_ct_mark()
    {
        var rule = Assert.Single(Translate(NftEngineState.Empty, Model(Web)).Batch.Commands.OfType<NftAddRule>(), r => r.Chain == "bucket_1");

        // ct mark 1 << 17 ct mark set (numgen inc mod 4) & 0x1ffff ^ (1 << 17): one rule, no map of its own, no verdict.
        Assert.Equal<NftExpression>(
        [
            new CtExpression(NftCtKey.Mark, NftRegister.Reg32_01),
            new CmpExpression(NftRegister.Reg32_01, NftCmpOperator.Equal, NftData.FromUInt32HostOrder(1 << 17)),
            new NumgenExpression(NftNumgenType.Incremental, 4, NftRegister.Reg32_01),
            new BitwiseExpression(NftRegister.Reg32_01, NftRegister.Reg32_01, 4, NftData.FromUInt32HostOrder(0x1ffff), NftData.FromUInt32HostOrder(1 << 17)),
            new CtSetExpression(NftCtKey.Mark, NftRegister.Reg32_01),
        ], rule.Expressions);
        Assert.Equal(
            "fulcrum service=web id=1 listen=203.0.113.100:80/tcp scheduler=wrr persistence=none sorry=standby",
            NftRuleComment.Decode(rule.UserData!.Value));
        Assert.Null(rule.ReplaceHandle);
    }

    [Fact]
    public void Prerouting_puts_the_service_id_in_ct_mark_and_jumps_to_its_bucket()
    {
        var rule = Translate(NftEngineState.Empty, Model(Web)).Batch.Commands.OfType<NftAddRule>().First(r => r.Chain == "prerouting");

        Assert.Equal<NftExpression>(
        [
            PayloadExpression.IpDestinationAddress(NftRegister.Reg32_00),
            new MetaExpression(NftMetaKey.L4Proto, NftRegister.Reg32_01),
            PayloadExpression.TransportDestinationPort(NftRegister.Reg32_02),
            new LookupExpression("services", NftRegister.Reg32_00, NftRegister.Reg32_06),
            new CtSetExpression(NftCtKey.Mark, NftRegister.Reg32_06),
            new CtExpression(NftCtKey.Mark, NftRegister.Reg32_06),
            new BitwiseExpression(NftRegister.Reg32_06, NftRegister.Reg32_06, 4, NftData.FromUInt32HostOrder(0x01fe0000), NftData.FromUInt32HostOrder(0)),
            new LookupExpression("buckets", NftRegister.Reg32_06, NftRegister.Verdict),
        ], rule.Expressions);
    }

    [Fact]
    public void The_shared_pick_rule_looks_the_slot_key_up_stores_the_mark_and_dnats_to_its_target()
    {
        var rule = Translate(NftEngineState.Empty, Model(Web)).Batch.Commands.OfType<NftAddRule>().Where(r => r.Chain == "prerouting").ElementAt(1);

        Assert.Equal<NftExpression>(
        [
            PayloadExpression.IpDestinationAddress(NftRegister.Reg32_00),
            new MetaExpression(NftMetaKey.L4Proto, NftRegister.Reg32_01),
            PayloadExpression.TransportDestinationPort(NftRegister.Reg32_02),
            new LookupExpression("services", NftRegister.Reg32_00),
            new CtExpression(NftCtKey.Mark, NftRegister.Reg32_06),
            new LookupExpression("backends", NftRegister.Reg32_06, NftRegister.Reg32_06),
            new CtSetExpression(NftCtKey.Mark, NftRegister.Reg32_06),
            new CtExpression(NftCtKey.Mark, NftRegister.Reg32_06),
            new LookupExpression("targets", NftRegister.Reg32_06, NftRegister.Reg32_02),
            new NatExpression(NftNatType.Destination, NftFamily.Ip, NftRegister.Reg32_02, NftRegister.Reg32_03),
        ], rule.Expressions);
    }

    [Fact]
    public void Before_linux_6_5_the_key_only_map_lookups_load_the_value_and_compare_it_with_zero()
    {
        var rules = Translate(NftEngineState.Empty, Model(Web), NftKernelFeatures.Linux61).Batch.Commands.OfType<NftAddRule>().ToList();

        // 6.1's nft_lookup_init refuses a map lookup without NFTA_LOOKUP_DREG (EINVAL): every
        // lookup in a map names a destination; the key-only ones load r4 and test it for non-zero.
        var maps = new[] { "services", "service_ranges", "buckets", "backends", "targets", "servers", "persist" };
        Assert.All(rules.SelectMany(r => r.Expressions).OfType<LookupExpression>().Where(l => maps.Contains(l.SetName)), l => Assert.NotNull(l.Destination));
        var pick = rules.Where(r => r.Chain == "prerouting").ElementAt(1);
        Assert.Equal(new LookupExpression("services", NftRegister.Reg32_00, NftRegister.Reg32_04), pick.Expressions[3]);
        Assert.Equal(new CmpExpression(NftRegister.Reg32_04, NftCmpOperator.NotEqual, NftData.FromUInt32HostOrder(0)), pick.Expressions[4]);
        var count = Assert.Single(rules, r => r.Chain == "counters");
        Assert.Equal(new LookupExpression("targets", NftRegister.Reg32_00, NftRegister.Reg32_04), count.Expressions[1]);

        // Otherwise rule for rule what a current kernel gets.
        var current = Translate(NftEngineState.Empty, Model(Web)).Batch.Commands.OfType<NftAddRule>().Select(r => r.Expressions).ToList();
        var reduced = rules.Select(r => r.Expressions
            .Where(e => e is not CmpExpression { Source: NftRegister.Reg32_04 })
            .Select(e => e is LookupExpression { Destination: NftRegister.Reg32_04 } l ? l with { Destination = null } : e)
            .ToList()).ToList();
        Assert.Equal(current.Count, reduced.Count);
        Assert.All(current.Zip(reduced), pair => Assert.Equal<NftExpression>(pair.First, pair.Second));
        Assert.Equal(9, rules.Count(r => r.Expressions.Any(e => e is CmpExpression { Source: NftRegister.Reg32_04 })));

        // What `fulcrum plan` and `apply` print says the same.
        var lines = Translate(NftEngineState.Empty, Model(Web), NftKernelFeatures.Linux61).Lines;
        Assert.Contains("add rule ip fulcrum prerouting ip daddr . meta l4proto . th dport map @services != 0 ct mark set 0", lines);
        Assert.Contains("add rule ip fulcrum counters ct mark map @targets != 0 update @stats { ct mark . ct direction }", lines);
        Assert.DoesNotContain(lines, l => l.Contains("dport @services", StringComparison.Ordinal));
    }

    [Fact]
    public void Before_linux_6_3_removing_a_server_destroys_its_counters_by_an_add_and_a_delete()
    {
        var state = Applied(Model(Web));

        var removed = Translate(state, Model(Service("web", 80, Scheduler.WeightedRoundRobin, Server(12, 1), Server(13, 0))), NftKernelFeatures.Linux61);

        Assert.Equal(["add element ip fulcrum stats (2 element(s))", "delete element ip fulcrum stats (2 element(s))"], Commands(removed)[^2..]);
        Assert.DoesNotContain(removed.Batch.Commands, c => c is NftDestroyElements);
        var added = removed.Batch.Commands.OfType<NftAddElements>().Last().Elements;
        var deleted = removed.Batch.Commands.OfType<NftDeleteElements>().Last().Elements;
        Assert.Equal(added, deleted);
        Assert.Equal(NftLayout.StatsKeys(1), added.Select(e => e.Key));
    }

    [Fact]
    public void A_weight_change_rewrites_only_that_services_changed_slots_and_its_server_record()
    {
        var other = Service("other", 81, Scheduler.RoundRobin, Server(11, 1), Server(12, 1));
        var state = Applied(Model(Web, other));

        // 3:1 (slots 1 1 2 1) -> 1:1 (slots 1 2): slot 0 stays, slot 1 changes, slots 2 and 3 go,
        // and the modulus changes from 4 to 2, so the rule is rewritten.
        var changed = Service("web", 80, Scheduler.WeightedRoundRobin, Server(11, 1), Server(12, 1), Server(13, 0));
        var translation = Translate(state, Model(changed, other));

        Assert.Equal(
        [
            "delete element ip fulcrum backends (3 element(s))",
            "delete element ip fulcrum servers (1 element(s))",
            "replace rule ip fulcrum bucket_2 handle 102",
            "add element ip fulcrum backends (1 element(s))",
            "add element ip fulcrum servers (1 element(s))",
        ], Commands(translation));
        Assert.Empty(translation.CutFlowMarks);
        Assert.Empty(translation.ForgetPersistMarks);
        Assert.Equal(102ul, translation.Next.Services["web"].RuleHandle);
        Assert.Equal(101ul, translation.Next.Services["other"].RuleHandle);
    }

    [Fact]
    public void A_weight_change_that_keeps_the_slot_count_touches_elements_only()
    {
        var state = Applied(Model(Service("web", 80, Scheduler.WeightedRoundRobin, Server(11, 2), Server(12, 1))));

        var translation = Translate(state, Model(Service("web", 80, Scheduler.WeightedRoundRobin, Server(11, 1), Server(12, 2))));

        Assert.DoesNotContain(Commands(translation), c => c.Contains("rule", StringComparison.Ordinal) || c.Contains("chain", StringComparison.Ordinal));
        Assert.Equal(
        [
            "delete element ip fulcrum backends (3 element(s))",
            "delete element ip fulcrum servers (2 element(s))",
            "add element ip fulcrum backends (3 element(s))",
            "add element ip fulcrum servers (2 element(s))",
        ], Commands(translation));
    }

    [Fact]
    public void Draining_forgets_the_servers_clients_but_keeps_its_flows_and_removing_cuts_them()
    {
        var state = Applied(Model(Web));

        var drained = Translate(state, Model(Service("web", 80, Scheduler.WeightedRoundRobin, Server(11, 0), Server(12, 1), Server(13, 0))));
        Assert.Equal([1u], drained.ForgetPersistMarks);
        Assert.Empty(drained.CutFlowMarks);
        Assert.DoesNotContain(Commands(drained), c => c.Contains("targets", StringComparison.Ordinal));

        var removed = Translate(state, Model(Service("web", 80, Scheduler.WeightedRoundRobin, Server(12, 1), Server(13, 0))));
        Assert.Equal([1u], removed.CutFlowMarks);
        Assert.Contains("delete element ip fulcrum targets (1 element(s))", Commands(removed));
        Assert.Equal("destroy element ip fulcrum stats (2 element(s))", Commands(removed)[^1]);
    }

    [Fact]
    public void Removing_a_service_deletes_its_elements_and_rule_and_cuts_every_flow()
    {
        var translation = Translate(Applied(Model(Web)), DataPlaneModel.Empty);

        Assert.Equal(
        [
            "delete element ip fulcrum services (1 element(s))",
            "delete element ip fulcrum backends (4 element(s))",
            "delete element ip fulcrum targets (3 element(s))",
            "delete element ip fulcrum servers (3 element(s))",
            "delete rule ip fulcrum bucket_1 handle 101",
            "destroy element ip fulcrum stats (6 element(s))",
        ], Commands(translation));
        Assert.Equal([1u, 2u, 3u], translation.CutFlowMarks.Order());
    }

    [Fact]
    public void A_port_range_service_uses_the_interval_map_and_keeps_the_clients_port()
    {
        var range = new VirtualService("range", new ListenEndpoint(Vip, new PortRange(8000, 8100), L4Protocol.Udp), Scheduler.RoundRobin, null,
            [new RealServer(new Core.Net.ServerEndpoint(System.Net.IPAddress.Parse("192.168.20.11"), null), 1)], null, false);

        var translation = Translate(NftEngineState.Empty, Model(range));

        var element = Assert.Single(Elements(translation, "service_ranges"));
        Assert.Equal(NftLayout.DispatchKey(Vip, L4Protocol.Udp, 8000), element.Key);
        Assert.Equal(NftLayout.DispatchKey(Vip, L4Protocol.Udp, 8100), element.KeyEnd);
        var pickAddress = translation.Batch.Commands.OfType<NftAddRule>().Where(r => r.Chain == "prerouting").ElementAt(4);
        Assert.Contains(new LookupExpression("service_ranges", NftRegister.Reg32_00), pickAddress.Expressions);
        Assert.Equal(new NatExpression(NftNatType.Destination, NftFamily.Ip, NftRegister.Reg32_02), pickAddress.Expressions[^1]);
        Assert.Equal(NftData.Concat(NftData.FromAddress(System.Net.IPAddress.Parse("192.168.20.11")), NftData.FromUInt16BigEndian(0)),
            Assert.Single(Elements(translation, "targets")).Data);
    }

    [Fact]
    public void A_new_listen_port_moves_the_dispatch_element_and_the_portless_servers_targets()
    {
        var portless = Service("web", 80, Scheduler.RoundRobin, Server(11, 1, port: null));
        var state = Applied(Model(portless));

        var translation = Translate(state, Model(Service("web", 8080, Scheduler.RoundRobin, Server(11, 1, port: null))));

        Assert.Equal(
        [
            "delete element ip fulcrum services (1 element(s))",
            "delete element ip fulcrum targets (1 element(s))",
            "delete element ip fulcrum servers (1 element(s))",
            "replace rule ip fulcrum bucket_1 handle 101",
            "add element ip fulcrum services (1 element(s))",
            "add element ip fulcrum targets (1 element(s))",
            "add element ip fulcrum servers (1 element(s))",
        ], Commands(translation));
    }

    [Fact]
    public void Persistence_recalls_before_the_pick_and_remembers_after_it_with_the_services_timeout()
    {
        var sticky = Web with { Persistence = new PersistenceConfig(TimeSpan.FromSeconds(30), 24) };

        var commands = Translate(NftEngineState.Empty, Model(sticky)).Batch.Commands;
        var rules = commands.OfType<NftAddRule>().Where(r => r.Chain == "svc_1").ToList();
        var bucket = Assert.Single(commands.OfType<NftAddRule>(), r => r.Chain == "bucket_1");

        // The bucket rule only hands the service over to its own chain, and carries the comment.
        Assert.Equal(new VerdictExpression(NftVerdict.Jump("svc_1")), bucket.Expressions[^1]);
        Assert.Equal(3, bucket.Expressions.Count);
        Assert.NotNull(bucket.UserData);
        Assert.True(commands.ToList().FindIndex(c => c is NftAddChain { Name: "svc_1" }) < commands.ToList().IndexOf(bucket));
        Assert.Equal(4, rules.Count);
        var refresh = new DynsetExpression(NftDynsetOperation.Update, "persist", NftRegister.Reg32_00, NftRegister.Reg32_06, TimeSpan.FromSeconds(30));
        Assert.Contains(new LookupExpression("persist", NftRegister.Reg32_00, NftRegister.Reg32_06), rules[0].Expressions);
        Assert.Contains(new BitwiseExpression(NftRegister.Reg32_01, NftRegister.Reg32_01, 4, NftData.FromUInt32BigEndian(0xffffff00), NftData.FromUInt32BigEndian(0)), rules[0].Expressions);
        Assert.Contains(refresh, rules[0].Expressions);
        Assert.Equal(new VerdictExpression(NftVerdict.Jump("dnat_port")), rules[0].Expressions[^1]);
        Assert.Equal(new VerdictExpression(NftVerdict.Jump("pick")), rules[1].Expressions[^1]);
        Assert.Equal(refresh, rules[2].Expressions[^1]);
        Assert.Equal(new VerdictExpression(NftVerdict.Goto("dnat_port")), Assert.Single(rules[3].Expressions));
        Assert.All(rules, r => Assert.Null(r.UserData));
    }

    [Fact]
    public void Sh_and_maglev_hash_the_client_address_into_a_maglev_table()
    {
        var sh = Translate(NftEngineState.Empty, Model(Web with { Scheduler = Scheduler.SourceHash }));
        var maglev = Translate(NftEngineState.Empty, Model(Web with { Scheduler = Scheduler.Maglev }));

        Assert.Equal(257, Elements(sh, "backends").Count);
        Assert.Equal(65_537, Elements(maglev, "backends").Count);
        Assert.Contains(new HashExpression(NftRegister.Reg32_01, 4, 65_537, NftLayout.HashSeed, NftRegister.Reg32_01),
            maglev.Batch.Commands.OfType<NftAddRule>().Single(r => r.Chain == "bucket_1").Expressions);
        Assert.Equal(NftLayout.SlotKey(1, 65_536), Elements(maglev, "backends")[^1].Key);
        var marks = Elements(maglev, "backends").Select(e => NftLayout.ReadMark(e.Data!.Value)).ToList();
        Assert.InRange(marks.Count(m => m == 1) / (double)marks.Count(m => m == 2), 2.9, 3.1);
        Assert.DoesNotContain(3u, marks);
    }

    [Fact]
    public void The_sorry_server_alone_takes_new_flows_while_active()
    {
        var sorry = new ServerEndpoint(System.Net.IPAddress.Parse("192.168.20.99"), 80);
        var down = Service("web", 80, Scheduler.WeightedRoundRobin, Server(11, 0), Server(12, 0)) with { Sorry = sorry, SorryActive = true };

        var translation = Translate(NftEngineState.Empty, Model(down));

        Assert.Equal([3u], Elements(translation, "backends").Select(e => NftLayout.ReadMark(e.Data!.Value)));
        Assert.Equal(3, Elements(translation, "servers").Count);
    }

    [Fact]
    public void A_service_without_usable_servers_has_an_empty_slot_table_and_a_modulus_of_one()
    {
        var translation = Translate(NftEngineState.Empty, Model(Service("web", 80, Scheduler.RoundRobin, Server(11, 0))));

        Assert.Empty(Elements(translation, "backends"));
        Assert.Contains(new NumgenExpression(NftNumgenType.Incremental, 1, NftRegister.Reg32_01),
            translation.Batch.Commands.OfType<NftAddRule>().Single(r => r.Chain == "bucket_1").Expressions);
    }

    [Fact]
    public void An_empty_plan_sends_nothing_and_describe_lines_match_the_commands()
    {
        var state = Applied(Model(Web));
        Assert.Empty(Commands(Translate(state, Model(Web))));

        var lines = Translate(NftEngineState.Empty, Model(Web)).Lines;
        Assert.Contains("add element ip fulcrum services { 203.0.113.100 . tcp . 80 : 0x00020000 }", lines);
        Assert.Contains("add element ip fulcrum backends { 0x00020000 : 0x00000001, 0x00020001 : 0x00000001, 0x00020002 : 0x00000002, 0x00020003 : 0x00000001 }", lines);
        Assert.Contains("add rule ip fulcrum bucket_1 ct mark 0x00020000 ct mark set numgen inc mod 4 | 0x00020000 comment \"fulcrum service=web id=1 listen=203.0.113.100:80/tcp scheduler=wrr persistence=none sorry=standby\"", lines);
        Assert.Contains("add element ip fulcrum targets { 0x00000001 : 192.168.20.11 . 80, 0x00000002 : 192.168.20.12 . 80, 0x00000003 : 192.168.20.13 . 80 }", lines);
    }

    [Fact]
    public void Apply_skips_the_text_but_sends_the_same_bytes_as_plan()
    {
        var sticky = Service("sticky", 81, Scheduler.SourceHash, Server(11, 1), Server(12, 2)) with { Persistence = new PersistenceConfig(TimeSpan.FromSeconds(30), 24) };
        var first = Model(Web, sticky);
        var second = Model(Web with { Servers = [Server(11, 5), Server(12, 1)] }, sticky with { Persistence = new PersistenceConfig(TimeSpan.FromSeconds(60), 32) });
        foreach (var (state, desired) in new[] { (NftEngineState.Empty, first), (Applied(first), second), (Applied(second), Model(Web)) })
        {
            var plan = DataPlanePlanner.Plan(state.Model, desired);

            var described = NftPlanTranslator.Translate(plan, state, NftKernelFeatures.All);
            var quiet = NftPlanTranslator.Translate(plan, state, NftKernelFeatures.All, describe: false);

            Assert.NotEmpty(described.Lines);
            Assert.Empty(quiet.Lines);
            Assert.Equal(Encode(described.Batch), Encode(quiet.Batch));
        }
    }

    [Fact]
    public void Ids_of_removed_services_are_reused_from_the_next_apply_on_and_a_new_service_takes_the_lowest_free_one()
    {
        var state = Applied(Model(Web, Service("b", 81, Scheduler.RoundRobin, Server(11, 1)), Service("c", 82, Scheduler.RoundRobin, Server(11, 1))));
        Assert.Equal((1u, 2u, 3u), (state.Services["b"].Id, state.Services["c"].Id, state.Services["web"].Id));

        // b goes, d comes: in this batch b's rule is still being deleted, so d takes a new id.
        var next = Translate(state, Model(Web, Service("c", 82, Scheduler.RoundRobin, Server(11, 1)), Service("d", 83, Scheduler.RoundRobin, Server(11, 1))));
        Assert.Equal((4u, 2u, 3u), (next.Next.Services["d"].Id, next.Next.Services["c"].Id, next.Next.Services["web"].Id));
        Assert.Contains("delete rule ip fulcrum bucket_1 handle 101", Commands(next));
        Assert.Contains("add rule ip fulcrum bucket_4 (5 expression(s))", Commands(next));

        // Then e takes b's id (a slot key has 15 bits for the id, so ids cannot just grow).
        var after = Translate(WithHandles(next.Next), Model(Web, Service("c", 82, Scheduler.RoundRobin, Server(11, 1)), Service("d", 83, Scheduler.RoundRobin, Server(11, 1)), Service("e", 84, Scheduler.RoundRobin, Server(11, 1)))).Next;
        Assert.Equal(1u, after.Services["e"].Id);
    }

    [Fact]
    public void IPv6_services_are_refused_with_a_data_plane_error()
    {
        var v6 = Web with { Listen = new ListenEndpoint(System.Net.IPAddress.Parse("2001:db8::1"), PortRange.Of(80), L4Protocol.Tcp) };
        Assert.Throws<DataPlaneException>(() => Translate(NftEngineState.Empty, Model(v6)));
    }

    private static NftTranslation Translate(NftEngineState state, DataPlaneModel desired, NftKernelFeatures? features = null) =>
        NftPlanTranslator.Translate(DataPlanePlanner.Plan(state.Model, desired), state, features ?? NftKernelFeatures.All);

    private static NftEngineState Applied(DataPlaneModel model) => WithHandles(Translate(NftEngineState.Empty, model).Next);

    /// <summary>What the engine does before it translates: rules added since the last read get their kernel handle (here 100 + id).</summary>
    private static NftEngineState WithHandles(NftEngineState state) =>
        state with { Services = state.Services.ToImmutableDictionary(p => p.Key, p => p.Value with { RuleHandle = p.Value.RuleHandle ?? 100 + p.Value.Id }, StringComparer.Ordinal) };

    private static byte[] Encode(NftBatch batch)
    {
        var writer = new NetlinkMessageWriter(1, 4096);
        NftBatchWriter.Write(batch, writer);
        return writer.WrittenSpan.ToArray();
    }

    private static List<string> Commands(NftTranslation translation) => [.. translation.Batch.Commands.Select(c => c.ToString())];

    private static List<NftSetElement> Elements(NftTranslation translation, string set) =>
        [.. translation.Batch.Commands.OfType<NftAddElements>().Where(c => c.Set == set).SelectMany(c => c.Elements)];
}
