using Fulcrum.Core.Config;
using Fulcrum.Core.Health;
using static Fulcrum.Core.Tests.Health.HealthModels;

namespace Fulcrum.Core.Tests.Health;

public sealed class ServerHealthTests
{
    private static readonly ProbeResult Ok = ProbeResult.Healthy("connected");
    private static readonly ProbeResult Refused = ProbeResult.Failed(ProbeOutcome.Refused, "connection refused");

    [Fact]
    public void Initial_down_keeps_the_server_out_until_its_first_success_which_brings_it_in_at_once()
    {
        var health = new ServerHealth(Check(rise: 5, fall: 3));
        Assert.False(health.InPool);

        HealthChange change = Assert.IsType<HealthChange>(health.Record(Ok));

        Assert.Equal((HealthStatus.Unknown, HealthStatus.Up, false, true), (change.Previous, change.Current, change.WasInPool, change.InPool));
        Assert.True(change.PoolChanged);
        Assert.True(health.InPool);
    }

    [Fact]
    public void Initial_down_reports_the_first_failure_as_down_with_its_reason_without_a_pool_change()
    {
        var health = new ServerHealth(Check(fall: 3));

        HealthChange change = Assert.IsType<HealthChange>(health.Record(Refused));

        Assert.Equal(HealthStatus.Down, change.Current);
        Assert.False(change.PoolChanged);
        Assert.Equal("connection refused", change.Result.Reason);
        Assert.Null(health.Record(Refused)); // already down: no second transition
    }

    [Fact]
    public void Initial_up_is_in_the_pool_from_the_start_and_leaves_after_fall_failures()
    {
        var health = new ServerHealth(Check(fall: 3, initial: HealthInitialState.Up));
        Assert.True(health.InPool);

        Assert.Null(health.Record(Refused));
        Assert.Null(health.Record(Refused));
        Assert.True(health.IsConfirmingFailure);
        HealthChange change = Assert.IsType<HealthChange>(health.Record(Refused));

        Assert.Equal((HealthStatus.Unknown, HealthStatus.Down, true, false), (change.Previous, change.Current, change.WasInPool, change.InPool));
    }

    [Fact]
    public void Up_falls_only_after_fall_consecutive_failures_and_a_success_resets_the_count()
    {
        var health = new ServerHealth(Check(fall: 3));
        health.Record(Ok);

        Assert.Null(health.Record(Refused));
        Assert.Null(health.Record(Refused));
        Assert.Null(health.Record(Ok)); // resets
        Assert.Null(health.Record(Refused));
        Assert.Null(health.Record(Refused));
        Assert.Equal(HealthStatus.Up, health.Status);
        HealthChange change = Assert.IsType<HealthChange>(health.Record(Refused));

        Assert.Equal((HealthStatus.Up, HealthStatus.Down), (change.Previous, change.Current));
        Assert.Equal(3, health.Failures);
    }

    [Fact]
    public void Down_rises_only_after_rise_consecutive_successes()
    {
        var health = new ServerHealth(Check(rise: 2, fall: 1));
        health.Record(Ok);
        health.Record(Refused);
        Assert.Equal(HealthStatus.Down, health.Status);

        Assert.Null(health.Record(Ok));
        Assert.Null(health.Record(Refused)); // interrupts the rise
        Assert.Null(health.Record(Ok));
        HealthChange change = Assert.IsType<HealthChange>(health.Record(Ok));

        Assert.Equal((HealthStatus.Down, HealthStatus.Up), (change.Previous, change.Current));
    }

    [Fact]
    public void A_dynamic_weight_change_while_up_is_a_change_and_a_result_without_weight_keeps_the_last()
    {
        var health = new ServerHealth(Check());
        health.Record(ProbeResult.Healthy("exit 7", 5));
        Assert.Equal((ushort)5, health.DynamicWeight);

        HealthChange change = Assert.IsType<HealthChange>(health.Record(ProbeResult.Healthy("exit 12", 10)));
        Assert.Equal((ushort?)5, change.PreviousWeight);
        Assert.Equal((ushort?)10, change.Weight);
        Assert.Equal(HealthStatus.Up, change.Current);

        Assert.Null(health.Record(ProbeResult.Healthy("exit 0"))); // keepalived: exit 0 leaves the weight as it is
        Assert.Equal((ushort)10, health.DynamicWeight);
    }

    [Fact]
    public void Flapping_every_probe_never_changes_state_when_rise_and_fall_exceed_one()
    {
        var health = new ServerHealth(Check(rise: 2, fall: 2));
        health.Record(Ok);
        int changes = 0;
        for (int i = 0; i < 100; i++)
        {
            changes += health.Record(i % 2 == 0 ? Refused : Ok) is null ? 0 : 1;
        }

        Assert.Equal(0, changes);
        Assert.Equal(HealthStatus.Up, health.Status);
    }
}
