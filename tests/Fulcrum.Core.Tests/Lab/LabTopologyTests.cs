using System.Net;
using Fulcrum.Lab;

namespace Fulcrum.Core.Tests.Lab;

public sealed class LabTopologyTests
{
    [Fact]
    public void Default_topology_has_the_seed_names_and_addresses()
    {
        var topology = LabTopology.Create();

        Assert.Equal("fl-", topology.Prefix);
        Assert.Equal(["fl-sw", "fl-client", "fl-inet", "fl-lb1", "fl-lb2", "fl-rs1", "fl-rs2", "fl-rs3"], topology.Namespaces);
        Assert.Equal(IPAddress.Parse("203.0.113.50"), topology.Client.AddressOn(LabNetwork.Public));
        Assert.Null(topology.Client.DefaultGateway);
        Assert.Equal(["203.0.113.1/24", "192.168.20.1/24"], topology.Balancers[0].Links.Select(l => l.Cidr));
        Assert.Equal(["203.0.113.2/24", "192.168.20.2/24"], topology.Balancers[1].Links.Select(l => l.Cidr));
        Assert.Equal(["192.168.20.11", "192.168.20.12", "192.168.20.13"],
            topology.RealServers.Select(s => s.AddressOn(LabNetwork.Private).ToString()));
        Assert.All(topology.RealServers, s => Assert.Equal(IPAddress.Parse("192.168.20.254"), s.DefaultGateway));
        Assert.Equal(IPAddress.Parse("203.0.113.100"), LabNetwork.Public.Vip);
    }

    [Fact]
    public void Balancers_have_eth0_public_and_eth1_private()
    {
        var lb1 = LabTopology.Create().Balancers[0];

        Assert.Equal(
            [("eth0", "lb1-pub", "public"), ("eth1", "lb1-priv", "private")],
            lb1.Links.Select(l => (l.Interface, l.SwitchPort, l.Network.Bridge)));
        Assert.Equal(LabRole.Balancer, lb1.Role);
    }

    [Fact]
    public void Interface_names_fit_the_kernel_limit_at_the_largest_topology()
    {
        var topology = LabTopology.Create("abcdefgh-", LabTopology.MaxServers);

        var names = topology.Nodes.SelectMany(n => n.Links).SelectMany(l => new[] { l.Interface, l.SwitchPort })
            .Concat(LabTopology.Networks.Select(n => n.Bridge));
        Assert.All(names, name => Assert.InRange(name.Length, 1, 15)); // IFNAMSIZ - 1
        Assert.Equal("192.168.20.210", topology.RealServers[^1].AddressOn(LabNetwork.Private).ToString());
    }

    [Theory]
    [InlineData("fl-")]
    [InlineData("ft1-")]
    [InlineData("a-")]
    [InlineData("abcdefgh-")]
    public void Valid_prefixes_are_accepted(string prefix) => Assert.Empty(LabTopology.Validate(prefix, 3));

    [Theory]
    [InlineData("")]
    [InlineData("fl")]
    [InlineData("FL-")]
    [InlineData("1fl-")]
    [InlineData("f_l-")]
    [InlineData("fl--")]
    [InlineData("abcdefghi-")]
    [InlineData("fl -")]
    public void Invalid_prefixes_are_refused(string prefix)
    {
        var error = Assert.Single(LabTopology.Validate(prefix, 3));
        Assert.Contains($"invalid lab prefix '{prefix}'", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(LabTopology.MaxServers + 1)]
    public void Server_counts_out_of_range_are_refused(int servers) =>
        Assert.Contains("invalid server count", Assert.Single(LabTopology.Validate("fl-", servers)), StringComparison.Ordinal);

    [Fact]
    public void Create_reports_every_problem_at_once()
    {
        var error = Assert.Throws<ArgumentException>(() => LabTopology.Create("BAD", 0));

        Assert.Contains("invalid lab prefix", error.Message, StringComparison.Ordinal);
        Assert.Contains("invalid server count", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fl-sw", true)]
    [InlineData("fl-client", true)]
    [InlineData("fl-inet", true)]
    [InlineData("fl-lb2", true)]
    [InlineData("fl-rs12", true)]
    [InlineData("fl-lb3", false)]
    [InlineData("fl-rs0", false)]
    [InlineData("fl-rs1-client", false)]
    [InlineData("flx-client", false)]
    [InlineData("fl-", false)]
    public void A_lab_owns_only_its_own_namespaces_whatever_its_server_count(string name, bool owned) =>
        Assert.Equal(owned, LabTopology.Create("fl-", 1).Owns(name));

    [Theory]
    [InlineData("fl-sw", LabRole.Switch)]
    [InlineData("fl-client", LabRole.Client)]
    [InlineData("fl-inet", LabRole.Internet)]
    [InlineData("fl-lb1", LabRole.Balancer)]
    [InlineData("fl-rs7", LabRole.RealServer)]
    public void Roles_follow_from_names(string name, LabRole role) => Assert.Equal(role, LabTopology.Create().RoleOf(name));
}
