using Fulcrum.Core.Config;
using Fulcrum.Core.DataPlane;
using static Fulcrum.Core.Tests.DataPlane.Models;

namespace Fulcrum.Core.Tests.DataPlane;

public class DataPlanePlannerTests
{
    [Fact]
    public void Equal_models_plan_nothing()
    {
        var model = Model(Service("web", 80, (11, 3), (12, 1)), Service("api", 81, (13, 1)));

        Assert.True(DataPlanePlanner.Plan(model, model with { }).IsEmpty);
    }

    [Fact]
    public void From_empty_every_service_is_added_whole()
    {
        var desired = Model(Service("web", 80, (11, 3), (12, 1)));

        var plan = DataPlanePlanner.Plan(DataPlaneModel.Empty, desired);

        var add = Assert.IsType<AddService>(Assert.Single(plan.Operations));
        Assert.Equal(desired.Services[0], add.Service);
    }

    [Fact]
    public void One_weight_change_among_many_services_is_one_operation()
    {
        var services = Enumerable.Range(0, 1000).Select(i => Service($"s{i:D4}", (ushort)(1000 + i), (11, 1), (12, 1))).ToArray();
        var current = Model(services);
        services[500] = Service("s0500", 1500, (11, 1), (12, 5));
        var desired = Model(services);

        var plan = DataPlanePlanner.Plan(current, desired);

        Assert.Equal(new SetRealServerWeight("s0500", Rs(12), 1, 5), Assert.Single(plan.Operations));
    }

    [Fact]
    public void Draining_is_a_weight_change_to_zero_and_removal_is_a_removal()
    {
        var current = Model(Service("web", 80, (11, 1), (12, 1), (13, 1)));
        var desired = Model(Service("web", 80, (11, 0), (13, 1)));

        var plan = DataPlanePlanner.Plan(current, desired);

        Assert.Equal(
            new DataPlaneOperation[]
            {
                new RemoveRealServer("web", new RealServer(Rs(12), 1)),
                new SetRealServerWeight("web", Rs(11), 1, 0),
            },
            plan.Operations);
        Assert.StartsWith("drain real server 192.168.20.11:80", plan.Operations[1].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Operations_come_in_an_order_where_each_step_is_valid_alone()
    {
        var current = Model(Service("old", 80, (11, 1)), Service("web", 81, (11, 1), (12, 1)));
        var web = Service("web", 81, (12, 2), (13, 1)) with { Scheduler = Scheduler.Maglev };
        var desired = Model(Service("new", 80, (11, 1)), web);

        var plan = DataPlanePlanner.Plan(current, desired);

        Assert.Equal(
            new[] { typeof(RemoveService), typeof(RemoveRealServer), typeof(UpdateService), typeof(SetRealServerWeight), typeof(AddRealServer), typeof(AddService) },
            plan.Operations.Select(o => o.GetType()));
        Assert.Equal("old", plan.Operations[0].ServiceName);
        Assert.Equal("new", plan.Operations[^1].ServiceName);
    }

    [Fact]
    public void A_settings_change_keeps_the_real_servers_in_place()
    {
        var current = Model(Service("web", 80, (11, 1), (12, 1)));
        var desired = Model(Service("web", 80, (11, 1), (12, 1)) with { Scheduler = Scheduler.SourceHash });

        var update = Assert.IsType<UpdateService>(Assert.Single(DataPlanePlanner.Plan(current, desired).Operations));

        Assert.Equal("update service web: scheduler WeightedRoundRobin -> SourceHash", update.ToString());
    }

    [Fact]
    public void Applying_a_plan_to_its_current_model_gives_its_desired_model()
    {
        var current = Model(Service("a", 80, (11, 1), (12, 2)), Service("b", 81, (13, 1)));
        var desired = Model(Service("a", 80, (12, 3), (14, 1)), Service("c", 82, (15, 1)));

        var plan = DataPlanePlanner.Plan(current, desired);

        Assert.Equal(desired, ApplyInMemory(current, plan));
    }

    [Fact]
    public void Services_at_the_same_positions_pair_by_position_and_reused_instances_plan_nothing()
    {
        var services = Enumerable.Range(0, 100).Select(i => Service($"s{i:D3}", (ushort)(1000 + i), (11, 1), (12, 1))).ToArray();
        var current = Model(services);
        var changed = services.ToArray();
        changed[40] = Service("s040", 1040, (11, 1), (13, 2));
        var desired = Model(changed);

        var plan = DataPlanePlanner.Plan(current, desired);

        Assert.Equal(
            new DataPlaneOperation[] { new RemoveRealServer("s040", new RealServer(Rs(12), 1)), new AddRealServer("s040", new RealServer(Rs(13), 2)) },
            plan.Operations);
        Assert.True(DataPlanePlanner.Plan(current, Model(services)).IsEmpty);
        Assert.Equal(desired, ApplyInMemory(current, plan));
    }

    [Fact]
    public void The_same_services_in_another_order_pair_by_name()
    {
        var a = Service("a", 80, (11, 1));
        var b = Service("b", 81, (12, 1));
        var c = Service("c", 82, (13, 1));

        // Position 0 pairs (a, a); position 1 (b, c) does not: the planner pairs by name instead.
        var plan = DataPlanePlanner.Plan(Model(a, b, c), Model(a, c with { Servers = [new RealServer(Rs(13), 4)] }, b));

        Assert.Equal(new SetRealServerWeight("c", Rs(13), 1, 4), Assert.Single(plan.Operations));
        Assert.True(DataPlanePlanner.Plan(Model(a, b, c), Model(c, b, a)).IsEmpty);
    }

    [Fact]
    public void A_service_renamed_in_place_is_removed_and_added()
    {
        var current = Model(Service("a", 80, (11, 1)), Service("b", 81, (12, 1)));
        var desired = Model(Service("a", 80, (11, 1)), Service("c", 81, (12, 1)));

        var plan = DataPlanePlanner.Plan(current, desired);

        Assert.Equal(new[] { typeof(RemoveService), typeof(AddService) }, plan.Operations.Select(o => o.GetType()));
        Assert.Equal(["b", "c"], plan.Operations.Select(o => o.ServiceName));
        Assert.Equal(desired, ApplyInMemory(current, plan));
    }

    /// <summary>A reference interpreter of the operations: what any engine must end up holding.</summary>
    internal static DataPlaneModel ApplyInMemory(DataPlaneModel model, DataPlanePlan plan)
    {
        var services = model.Services.ToDictionary(s => s.Name);
        foreach (var operation in plan.Operations)
        {
            switch (operation)
            {
                case AddService add:
                    services.Add(add.Service.Name, add.Service);
                    break;
                case RemoveService remove:
                    services.Remove(remove.Service.Name);
                    break;
                case UpdateService update:
                    services[update.After.Name] = update.After with { Servers = services[update.After.Name].Servers };
                    break;
                case AddRealServer add:
                    services[add.Service] = services[add.Service] with { Servers = [.. services[add.Service].Servers, add.Server] };
                    break;
                case RemoveRealServer remove:
                    services[remove.Service] = services[remove.Service] with
                    {
                        Servers = [.. services[remove.Service].Servers.Where(s => !s.Endpoint.Equals(remove.Server.Endpoint))],
                    };
                    break;
                case SetRealServerWeight set:
                    services[set.Service] = services[set.Service] with
                    {
                        Servers = [.. services[set.Service].Servers.Select(s => s.Endpoint.Equals(set.Endpoint) ? s with { Weight = set.To } : s)],
                    };
                    break;
                default:
                    throw new InvalidOperationException($"unknown operation {operation}");
            }
        }

        return new DataPlaneModel([.. services.Values
            .Select(s => s with { Servers = [.. s.Servers.OrderBy(r => r.Endpoint, EndpointOrder.Instance)] })
            .OrderBy(s => s.Name, StringComparer.Ordinal)]);
    }
}
