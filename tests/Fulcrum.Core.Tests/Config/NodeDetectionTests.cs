using System.Net;
using Fulcrum.Core.Config;

namespace Fulcrum.Core.Tests.Config;

/// <summary>Which node a host is, from its interfaces' addresses, then its name.</summary>
public sealed class NodeDetectionTests
{
    private static readonly ClusterConfig Lab = ConfigLoader.Load(RepoPaths.File("examples", "lab.yaml")).Config!;

    private static Func<string, IReadOnlyCollection<IPAddress>> Interfaces(params (string Name, string Address)[] addresses) =>
        name => [.. addresses.Where(a => a.Name == name).Select(a => IPAddress.Parse(a.Address))];

    [Fact]
    public void The_node_whose_own_address_is_on_its_interface_is_this_host_whatever_the_name()
    {
        var result = NodeDetection.Detect(Lab, Interfaces(("eth0", "203.0.113.2"), ("eth0", "203.0.113.100"), ("eth1", "192.168.20.2")), "lb1");

        Assert.Equal("lb2", result.Node?.Name);
        Assert.Equal("its address 203.0.113.2 is on eth0", result.Reason);
        Assert.Null(result.Error);
    }

    [Fact]
    public void An_address_on_another_interface_than_its_network_s_does_not_count()
    {
        var result = NodeDetection.Detect(Lab, Interfaces(("eth1", "203.0.113.1")), null);

        Assert.Null(result.Node);
    }

    [Fact]
    public void A_vip_alone_names_no_node()
    {
        var result = NodeDetection.Detect(Lab, Interfaces(("eth0", "203.0.113.100"), ("eth1", "192.168.20.254")), "balancer");

        Assert.Null(result.Node);
    }

    [Theory]
    [InlineData("lb1")]
    [InlineData("LB1")]
    [InlineData("lb1.example.net")]
    public void Without_an_address_the_host_name_decides(string hostName)
    {
        var result = NodeDetection.Detect(Lab, Interfaces(), hostName);

        Assert.Equal("lb1", result.Node?.Name);
        Assert.Equal($"it is named like this host ({hostName})", result.Reason);
    }

    [Fact]
    public void Neither_gives_an_error_that_lists_the_nodes_and_says_what_to_do()
    {
        var result = NodeDetection.Detect(Lab, Interfaces(("eth0", "10.0.0.1")), "workstation.example.net");

        Assert.Null(result.Node);
        Assert.Equal(
            "cannot tell which node this host is: no node's own address is on its interfaces and no node is named 'workstation' like the host; " +
            "give --node NAME (nodes: lb1 (203.0.113.1, 192.168.20.1), lb2 (203.0.113.2, 192.168.20.2))",
            result.Error);
    }

    [Fact]
    public void Both_nodes_addresses_on_one_host_is_ambiguous_even_when_the_name_matches()
    {
        var result = NodeDetection.Detect(Lab, Interfaces(("eth0", "203.0.113.1"), ("eth1", "192.168.20.2")), "lb1");

        Assert.Null(result.Node);
        Assert.Equal(
            "more than one node's own address is on this host's interfaces (lb1: its address 203.0.113.1 is on eth0; lb2: its address 192.168.20.2 is on eth1); say which with --node NAME",
            result.Error);
    }
}
