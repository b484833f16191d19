using System.Net;
using Fulcrum.Core.Config;
using Fulcrum.Core.Net;

namespace Fulcrum.Core.Tests.Config;

public sealed class ExampleFileTests
{
    [Theory]
    [InlineData("examples", "lab.yaml")]
    [InlineData("examples", "minimal.yaml")]
    [InlineData("packaging/debian", "fulcrum.yaml")] // the package's /etc/fulcrum/fulcrum.yaml
    public void Example_loads_without_any_diagnostic(string directory, string name)
    {
        ConfigLoadResult result = ConfigLoader.Load(RepoPaths.File([.. directory.Split('/'), name]));

        Assert.Empty(result.Diagnostics);
        Assert.True(result.Succeeded);
    }

    [Fact]
    public void Lab_config_describes_the_lab_topology()
    {
        ClusterConfig lab = LoadLab();

        Assert.Equal(IPNetwork.Parse("203.0.113.0/24"), lab.PublicNetwork.Prefix);
        Assert.Equal("eth0", lab.PublicNetwork.Interface);
        Assert.Equal([IPAddress.Parse("203.0.113.100")], lab.PublicNetwork.Vips);
        Assert.Equal([IPAddress.Parse("192.168.20.254")], lab.PrivateNetwork.Vips);
        Assert.Equal(51, lab.Ha.Vrid);
        Assert.Equal(TimeSpan.FromMilliseconds(100), lab.Ha.Advert);
        VirtualServiceConfig web = Assert.Single(lab.Services);
        Assert.Equal(new ListenEndpoint(IPAddress.Parse("203.0.113.100"), PortRange.Of(80), L4Protocol.Tcp), web.Listen);
        Assert.Equal(Scheduler.WeightedRoundRobin, web.Scheduler);
        Assert.IsType<HttpProbe>(web.Check?.Probe);
        Assert.Equal(
            ["192.168.20.11:80", "192.168.20.12:80", "192.168.20.13:80"],
            web.Servers.Select(s => s.Endpoint.ToString()));
        Assert.Equal(2222, lab.Firewall.Admin.SshPort);
        Assert.Equal(["tcp/80", "tcp/443", "udp/53"], lab.Firewall.Egress.Allow.Select(r => r.ToString()));
    }

    [Fact]
    public void ForNode_gives_the_node_its_peer_and_its_addresses()
    {
        NodeView lb2 = LoadLab().ForNode("lb2");

        Assert.Equal("lb2", lb2.Self.Name);
        Assert.Equal("lb1", lb2.Peer?.Name);
        Assert.Equal(IPAddress.Parse("203.0.113.2"), lb2.PublicAddress);
        Assert.Equal(IPAddress.Parse("192.168.20.2"), lb2.PrivateAddress);
        Assert.Equal([IPAddress.Parse("203.0.113.1")], lb2.PeerAddressesOn(lb2.Cluster.PublicNetwork));
    }

    [Fact]
    public void ForNode_with_an_unknown_name_lists_the_nodes()
    {
        ClusterConfig lab = LoadLab();

        Assert.Null(lab.FindNode("lb3"));
        ArgumentException error = Assert.Throws<ArgumentException>(() => lab.ForNode("lb3"));
        Assert.StartsWith("node 'lb3' is not in cluster 'lab' (nodes: lb1, lb2)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Writing_the_lab_config_and_reading_it_back_gives_an_equal_config()
    {
        ClusterConfig lab = LoadLab();

        ConfigLoadResult again = ConfigLoader.Parse(ConfigWriter.Write(lab), "written.yaml");

        Assert.Empty(again.Diagnostics);
        Assert.Equal(lab, again.Config);
    }

    private static ClusterConfig LoadLab()
    {
        ConfigLoadResult result = ConfigLoader.Load(RepoPaths.File("examples", "lab.yaml"));
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        return result.Config;
    }
}
