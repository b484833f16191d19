using CsCheck;
using Fulcrum.Core.Config;
using Fulcrum.Core.DataPlane;
using Fulcrum.Core.Health;
using static Fulcrum.Core.Tests.Health.HealthModels;

namespace Fulcrum.Core.Tests.Health;

/// <summary>Probe sharing, reload carry-over, effective weights and quorum: the pure state behind the engine.</summary>
public sealed class HealthBookTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly ProbeResult Ok = ProbeResult.Healthy("connected");
    private static readonly ProbeResult Refused = ProbeResult.Failed(ProbeOutcome.Refused, "connection refused");

    [Fact]
    public void Services_that_check_a_server_the_same_way_share_one_target()
    {
        HealthCheckConfig check = Check();
        var plan = HealthPlan.Build(
            [
                Service("web", check, 1, 80, (11, 1), (12, 1)),
                Service("web-again", check, 1, 8080, (11, 1)), // different listen port, same servers and probe
                Service("other-check", Check(fall: 5), 1, 81, (11, 1)),
                Service("unchecked", null, 1, 82, (13, 1)),
            ],
            Source);

        Assert.Equal(3, plan.Targets.Count);
        ProbeTarget shared = plan.TargetOf("web", Rs(11))!;
        Assert.Same(shared, plan.TargetOf("web-again", Rs(11)));
        Assert.Equal(["web", "web-again"], plan.ServicesOf(shared));
        Assert.NotEqual(shared, plan.TargetOf("other-check", Rs(11)));
        Assert.Null(plan.TargetOf("unchecked", Rs(13)));
        Assert.Equal(Source, shared.Source);
    }

    [Fact]
    public void The_probe_port_overrides_the_server_port_and_names_the_target()
    {
        var plan = HealthPlan.Build([Service("web", Check(new HttpProbe("/health", [new StatusCodeRange(200, 200)], null, null, null, null, 8081)), 1, 80, (11, 1))], Source);

        ProbeTarget target = Assert.Single(plan.Targets.Keys);
        Assert.Equal((ushort)8081, target.Port);
        Assert.Equal("http 192.168.20.11:8081", target.ToString());
    }

    [Fact]
    public void The_plan_of_a_node_probes_from_its_private_address()
    {
        ClusterConfig config = Fulcrum.Core.Tests.Config.ConfigText.Parse(Fulcrum.Core.Tests.Config.ConfigText.Valid).Config!;
        var plan = HealthPlan.Build(config.ForNode("lb2"));

        Assert.NotEmpty(plan.Targets);
        Assert.All(plan.Targets.Keys, t => Assert.Equal(config.ForNode("lb2").PrivateAddress, t.Source));
    }

    [Fact]
    public void Servers_weigh_zero_until_proven_then_their_configured_weight_and_unchecked_services_keep_theirs()
    {
        var book = new HealthBook();
        book.Apply(HealthPlan.Build([Service("web", Check(), 1, 80, (11, 3)), Service("static", null, 1, 81, (12, 4))], Source), Now, out _);
        ProbeTarget target = book.Plan.TargetOf("web", Rs(11))!;
        ServerWeightPolicy weights = book.EffectiveWeight;

        Assert.Equal(0, weights("web", Rs(11), 3));
        Assert.Equal(4, weights("static", Rs(12), 4));
        Assert.Equal(9, weights("no-such-service", Rs(99), 9));

        book.Record(target, Ok, Now);
        Assert.Equal(3, weights("web", Rs(11), 3));

        book.Record(target, ProbeResult.Healthy("exit 9", 7), Now);
        Assert.Equal(7, weights("web", Rs(11), 3)); // a dynamic weight replaces the configured one
    }

    [Fact]
    public void A_transition_names_every_server_that_shares_the_target()
    {
        var book = new HealthBook();
        HealthCheckConfig check = Check();
        book.Apply(HealthPlan.Build([Service("a", check, 1, 80, (11, 1)), Service("b", check, 1, 81, (11, 1))], Source), Now, out _);

        HealthUpdate update = book.Record(book.Plan.TargetOf("a", Rs(11))!, Ok, Now);

        Assert.NotNull(update.Server);
        Assert.Equal([new ServerKey("a", Rs(11)), new ServerKey("b", Rs(11))], update.Server.Servers);
        Assert.Equal(HealthStatus.Up, update.Server.Change.Current);
    }

    [Fact]
    public void Quorum_counts_usable_servers_and_reports_each_crossing_once()
    {
        var book = new HealthBook();
        book.Apply(HealthPlan.Build([Service("web", Check(fall: 1), 2, 80, (11, 1), (12, 1), (13, 0))], Source), Now, out var initial);
        ServiceHealthChanged first = Assert.Single(initial);
        Assert.Null(first.Previous);
        Assert.False(first.Current.IsUp);
        ProbeTarget rs11 = book.Plan.TargetOf("web", Rs(11))!;
        ProbeTarget rs12 = book.Plan.TargetOf("web", Rs(12))!;
        ProbeTarget rs13 = book.Plan.TargetOf("web", Rs(13))!;

        Assert.Empty(book.Record(rs11, Ok, Now).Services);
        Assert.Empty(book.Record(rs13, Ok, Now).Services); // healthy but drained (weight 0): not usable
        ServiceHealthChanged up = Assert.Single(book.Record(rs12, Ok, Now).Services);
        Assert.True(up.Current.IsUp);
        Assert.Equal(new ServiceHealth("web", 2, 3, 2), up.Current);
        Assert.True(book.Service("web")!.Value.IsUp);

        ServiceHealthChanged down = Assert.Single(book.Record(rs12, Refused, Now).Services);
        Assert.False(down.Current.IsUp);
        Assert.Equal(1, down.Current.Usable);
    }

    [Fact]
    public void Reload_keeps_the_state_of_unchanged_targets_forgets_removed_ones_and_starts_new_ones_unknown()
    {
        var book = new HealthBook();
        HealthCheckConfig check = Check();
        book.Apply(HealthPlan.Build([Service("web", check, 1, 80, (11, 1), (12, 1))], Source), Now, out _);
        ProbeTarget kept = book.Plan.TargetOf("web", Rs(11))!;
        ProbeTarget removed = book.Plan.TargetOf("web", Rs(12))!;
        book.Record(kept, Ok, Now);
        book.Record(removed, Ok, Now);

        HealthPlanDiff diff = book.Apply(
            HealthPlan.Build([Service("web", check, 1, 80, (11, 1), (13, 1)), Service("api", check, 1, 81, (11, 1))], Source), Now, out var services);

        Assert.Equal([kept], diff.Kept);
        Assert.Equal([removed], diff.Removed);
        ProbeTarget added = Assert.Single(diff.Added);
        Assert.Equal(Rs(13).Address, added.Address);
        Assert.Equal(HealthStatus.Up, book.StateOf(kept)!.Status);
        Assert.Null(book.StateOf(removed));
        Assert.Equal(HealthStatus.Unknown, book.StateOf(added)!.Status);
        Assert.Equal(1, book.EffectiveWeight("api", Rs(11), 1)); // the new service shares the proven target at once
        ServiceHealthChanged api = Assert.Single(services); // web stays up (rs11); api is new
        Assert.Equal("api", api.Current.Service);
        Assert.True(api.Current.IsUp);

        Assert.Same(HealthUpdate.None, book.Record(removed, Refused, Now)); // a late result of a removed target
    }

    [Fact]
    public void A_changed_check_is_a_new_target()
    {
        var book = new HealthBook();
        book.Apply(HealthPlan.Build([Service("web", Check(fall: 3), 1, 80, (11, 1))], Source), Now, out _);

        HealthPlanDiff diff = book.Apply(HealthPlan.Build([Service("web", Check(fall: 4), 1, 80, (11, 1))], Source), Now, out _);

        Assert.Single(diff.Added);
        Assert.Single(diff.Removed);
        Assert.Empty(diff.Kept);
    }

    [Fact]
    public void Counted_quorum_always_equals_a_full_evaluation()
    {
        // Three services share targets (rs11, rs12 in two of them), one server is drained (weight 0),
        // and results carry dynamic weights, 0 included: every recorded result must leave the counted
        // health of every service equal to ServiceQuorum's full evaluation.
        HealthCheckConfig check = Check(rise: 2, fall: 2, initial: HealthInitialState.Up);
        var plan = HealthPlan.Build(
            [
                Service("web", check, 2, 80, (11, 1), (12, 3), (13, 0)),
                Service("api", check, 1, 81, (11, 2), (12, 1)),
                Service("db", Check(fall: 1), 1, 82, (14, 1), (15, 1)),
            ],
            Source);
        ProbeTarget[] targets = [.. plan.Targets.Keys];
        Gen<(int Target, bool Healthy, ushort? Weight)> step =
            from target in Gen.Int[0, targets.Length - 1]
            from healthy in Gen.Bool
            from weight in Gen.OneOf(Gen.Const((ushort?)null), Gen.UShort[0, 3].Select(w => (ushort?)w))
            select (target, healthy, weight);

        step.Array[1, 60].Sample(steps =>
        {
            var book = new HealthBook();
            book.Apply(plan, Now, out _);
            foreach ((int target, bool healthy, ushort? weight) in steps)
            {
                book.Record(targets[target], healthy ? ProbeResult.Healthy("ok", weight) : Refused, Now);
                Assert.Equal(plan.Services.Select(s => ServiceQuorum.Evaluate(s, book.EffectiveWeight)), book.Services());
            }
        });
    }
}
