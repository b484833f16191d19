using System.Net;
using Fulcrum.Core.Config;
using Fulcrum.Core.Tests.Config;
using Fulcrum.Core.Vrrp;

namespace Fulcrum.Core.Tests.Vrrp.Engine;

public sealed class VrrpNodeOptionsFactoryTests
{
    [Fact]
    public void Lab_example_gives_one_member_per_network_in_one_group_from_the_nodes_point_of_view()
    {
        var config = ConfigLoader.Load(Path.Combine(RepoPaths.Root, "examples", "lab.yaml")).Config!;

        var options = VrrpNodeOptionsFactory.Create(config.ForNode("lb2"));

        Assert.Equal("lab", options.GroupName);
        Assert.Equal(["public eth0 /24 203.0.113.2 203.0.113.100", "private eth1 /24 192.168.20.2 192.168.20.254"],
            options.Members.Select(m => $"{m.Instance.Name} {m.Interface} /{m.PrefixLength} {m.Instance.PrimaryAddress} {string.Join(",", m.Instance.VirtualAddresses)}"));
        Assert.All(options.Members, m =>
        {
            Assert.Equal(VrrpVersion.V3, m.Instance.Version);
            Assert.Equal(51, m.Instance.VirtualRouterId);
            Assert.Equal(100, m.Instance.Priority);
            Assert.Equal(TimeSpan.FromMilliseconds(100), m.Instance.AdvertisementInterval);
            Assert.Equal(TimeSpan.FromSeconds(5), m.Instance.PreemptDelay);
            Assert.Empty(m.UnicastPeers);
        });
    }

    [Fact]
    public void Unicast_sends_to_and_accepts_only_the_peers_address_on_each_network()
    {
        var config = ConfigLoader.Load(Path.Combine(RepoPaths.Root, "examples", "lab.yaml")).Config!;
        config = config with { Ha = config.Ha with { Unicast = true } };

        var options = VrrpNodeOptionsFactory.Create(config.ForNode("lb1"));

        Assert.Equal([IPAddress.Parse("203.0.113.2")], options.Members[0].UnicastPeers);
        Assert.Equal([IPAddress.Parse("192.168.20.2")], options.Members[1].UnicastPeers);
        Assert.Equal(options.Members[0].UnicastPeers, [.. VrrpNodeOptionsFactory.CreateFilterOptions(options.Members[0]).UnicastPeers]);
    }
}
