using System.Net;
using Fulcrum.Lab;
using Fulcrum.Linux.Rtnetlink;

namespace Fulcrum.Integration.Tests.Ha;

/// <summary>Where the lab's two VIPs are, read from each balancer's kernel over rtnetlink (fast enough to sample every 50 ms).</summary>
internal sealed class VipLocator : IDisposable
{
    public static readonly IPAddress PublicVip = IPAddress.Parse("203.0.113.100");
    public static readonly IPAddress PrivateVip = IPAddress.Parse("192.168.20.254");

    private readonly RtnetlinkAddressControl[] _balancers;

    public VipLocator(NetworkLab lab)
    {
        Lab = lab;
        _balancers = [.. lab.Topology.Balancers.Select(b => RtnetlinkAddressControl.Open(b.Namespace))];
    }

    public NetworkLab Lab { get; }

    /// <summary>For balancer 0 and 1: (public VIP held, private VIP held).</summary>
    public (bool Public, bool Private)[] Sample() =>
        [.. _balancers.Select(b => (Holds(b, "eth0", PublicVip), Holds(b, "eth1", PrivateVip)))];

    /// <summary>Both VIPs on balancer <paramref name="index"/> and none on the other.</summary>
    public bool OnlyOn(int index)
    {
        var sample = Sample();
        return sample[index] == (true, true) && sample[1 - index] == (false, false);
    }

    /// <summary>Removes leftovers and brings the links up, so the next test starts clean.</summary>
    public void Reset()
    {
        foreach (var (balancer, node) in _balancers.Zip(Lab.Topology.Balancers))
        {
            Netlink.ProcessRunner.Run("ip", "-n", node.Namespace, "link", "set", "eth0", "up");
            Netlink.ProcessRunner.Run("ip", "-n", node.Namespace, "link", "set", "eth1", "up");
            balancer.RemoveAddress("eth0", PublicVip, 24);
            balancer.RemoveAddress("eth1", PrivateVip, 24);
        }
    }

    public void Dispose()
    {
        foreach (var balancer in _balancers)
        {
            balancer.Dispose();
        }
    }

    private static bool Holds(RtnetlinkAddressControl balancer, string device, IPAddress vip) =>
        balancer.GetAddresses(device).Any(a => a.Address.Equals(vip));
}
