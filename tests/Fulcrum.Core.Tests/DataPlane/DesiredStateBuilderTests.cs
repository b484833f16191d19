using Fulcrum.Core.Config;
using Fulcrum.Core.DataPlane;
using Fulcrum.Core.Tests.Config;
using static Fulcrum.Core.Tests.DataPlane.Models;

namespace Fulcrum.Core.Tests.DataPlane;

public class DesiredStateBuilderTests
{
    private static ClusterConfig Lab()
    {
        var result = ConfigLoader.Load(RepoPaths.File("examples", "lab.yaml"));
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        return result.Config;
    }

    private static ClusterConfig LabWithSorry(int quorum)
    {
        var lab = Lab();
        var web = lab.Services[0] with { Sorry = Rs(99), Quorum = quorum };
        return lab with { Services = [web] };
    }

    [Fact]
    public void The_lab_config_gives_one_service_with_its_three_servers_in_address_order()
    {
        var model = DesiredStateBuilder.Build(Lab());

        var web = Assert.Single(model.Services);
        Assert.Equal("web", web.Name);
        Assert.Equal(new[] { Rs(11), Rs(12), Rs(13) }, web.Servers.Select(s => s.Endpoint));
        Assert.False(web.SorryActive);
    }

    [Fact]
    public void The_order_of_servers_in_the_file_does_not_change_the_model()
    {
        var lab = Lab();
        var reversed = lab with { Services = [lab.Services[0] with { Servers = [.. lab.Services[0].Servers.Reverse()] }] };

        Assert.Equal(DesiredStateBuilder.Build(lab), DesiredStateBuilder.Build(reversed));
    }

    [Fact]
    public void The_weight_policy_decides_effective_weights()
    {
        var calls = new List<(string, string, ushort)>();
        var model = DesiredStateBuilder.Build(Lab(), (service, server, weight) =>
        {
            calls.Add((service, server.ToString(), weight));
            return server.Equals(Rs(12)) ? (ushort)0 : weight;
        });

        Assert.Equal(3, calls.Count);
        Assert.Contains(("web", "192.168.20.12:80", (ushort)1), calls);
        Assert.Equal(new ushort[] { 1, 0, 1 }, model.Services[0].Servers.Select(s => s.Weight));
        Assert.Equal(new[] { Rs(11), Rs(13) }, model.Services[0].Backends.Select(b => b.Endpoint));
    }

    [Fact]
    public void The_sorry_server_takes_new_flows_only_when_no_server_is_usable()
    {
        var config = LabWithSorry(quorum: 1);

        var healthy = DesiredStateBuilder.Build(config).Services[0];
        var allDown = DesiredStateBuilder.Build(config, (_, _, _) => 0).Services[0];

        Assert.False(healthy.SorryActive);
        Assert.DoesNotContain(healthy.Backends, b => b.Endpoint.Equals(Rs(99)));
        Assert.True(allDown.SorryActive);
        Assert.Equal(Rs(99), Assert.Single(allDown.Backends).Endpoint);
    }

    [Fact]
    public void Below_quorum_the_sorry_server_takes_over_even_with_some_servers_up()
    {
        var config = LabWithSorry(quorum: 2);

        var oneUp = DesiredStateBuilder.Build(config, (_, server, w) => server.Equals(Rs(11)) ? w : (ushort)0).Services[0];

        Assert.True(oneUp.SorryActive);
    }

    [Fact]
    public void Without_a_sorry_server_a_partial_pool_keeps_serving_below_quorum()
    {
        var lab = Lab();
        var config = lab with { Services = [lab.Services[0] with { Quorum = 3 }] };

        var service = DesiredStateBuilder.Build(config, (_, server, w) => server.Equals(Rs(11)) ? w : (ushort)0).Services[0];

        Assert.False(service.SorryActive);
        Assert.Equal(Rs(11), Assert.Single(service.Backends).Endpoint);
    }
}
