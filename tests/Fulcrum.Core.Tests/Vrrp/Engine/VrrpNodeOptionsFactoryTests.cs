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

    [Fact]
    public void The_flow_hand_off_is_10_s_by_default_and_follows_ha_flow_handoff()
    {
        const string Advert = "\n  advert: 100ms";
        var text = File.ReadAllText(Path.Combine(RepoPaths.Root, "examples", "lab.yaml"));
        Assert.Equal(2, text.Split(Advert).Length);
        var byDefault = ConfigLoader.Parse(text, "lab.yaml").Config!;
        Assert.Equal(TimeSpan.FromSeconds(10), VrrpNodeOptionsFactory.Create(byDefault.ForNode("lb1")).FlowHandOff);

        var off = ConfigLoader.Parse(text.Replace(Advert, "\n  flow_handoff: 0s" + Advert, StringComparison.Ordinal), "lab.yaml");
        Assert.Empty(off.Diagnostics);
        Assert.Equal(TimeSpan.Zero, off.Config!.Ha.FlowHandOff);
        Assert.Equal(TimeSpan.Zero, VrrpNodeOptionsFactory.Create(off.Config.ForNode("lb1")).FlowHandOff);
    }

    [Fact]
    public void Garp_tracking_and_authentication_reach_the_engine()
    {
        var config = ConfigLoader.Load(Path.Combine(RepoPaths.Root, "examples", "lab.yaml")).Config!;
        var service = config.Services[0].Name;
        config = config with
        {
            Ha = config.Ha with
            {
                Version = 2,
                Advert = TimeSpan.FromSeconds(1),
                Garp = new GratuitousArpConfig(7, TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(30)),
                Track = new HaTrackConfig(
                    [new TrackedWeight("eth9", -20)],
                    [new TrackedWeight(service, -50)],
                    [new TrackedCommandConfig("uplink", "/bin/check up", TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(2), 2, 4, 0)]),
                Auth = new HaAuthConfig(HaAuthMode.Password, "s3cret", null),
            },
        };

        var options = VrrpNodeOptionsFactory.Create(config.ForNode("lb1"));

        Assert.Equal(new GratuitousArpOptions { Count = 7, Interval = TimeSpan.FromMilliseconds(20), Refresh = TimeSpan.FromSeconds(30) }, options.GratuitousArp);
        Assert.Equal(
            [new VrrpTrackedObject("interface:eth9", -20), new VrrpTrackedObject("service:" + service, -50), new VrrpTrackedObject("command:uplink", 0)],
            options.Tracking);
        var command = Assert.Single(options.TrackedCommands);
        Assert.Equal(
            new VrrpCommandTrackerOptions { TrackedName = "command:uplink", Run = "/bin/check up", Interval = TimeSpan.FromSeconds(3), Timeout = TimeSpan.FromSeconds(2), Rise = 2, Fall = 4 },
            command);
        Assert.All(options.Members, m =>
        {
            Assert.Equal(VrrpAuthType.SimplePassword, m.Authentication.Type);
            Assert.True(m.Authentication.Verify("s3cret\0\0"u8));
            Assert.Null(m.Hmac);
        });
    }

    [Fact]
    public void Hmac_mode_needs_the_key_and_gives_it_to_every_member_and_filter()
    {
        var config = ConfigLoader.Load(Path.Combine(RepoPaths.Root, "examples", "lab.yaml")).Config!;
        config = config with { Ha = config.Ha with { Auth = new HaAuthConfig(HaAuthMode.Hmac, null, "/etc/fulcrum/vrrp.key") } };
        var key = new VrrpHmacKey(new byte[32]);

        Assert.Throws<ArgumentException>(() => VrrpNodeOptionsFactory.Create(config.ForNode("lb1")));
        var options = VrrpNodeOptionsFactory.Create(config.ForNode("lb1"), key);

        Assert.All(options.Members, m => Assert.Same(key, m.Hmac));
        Assert.Same(key, VrrpNodeOptionsFactory.CreateFilterOptions(options.Members[0]).Hmac);
    }
}
