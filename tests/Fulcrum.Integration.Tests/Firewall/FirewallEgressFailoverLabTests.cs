using System.Net;
using System.Net.Sockets;
using Fulcrum.Integration.Tests.Cli;
using Fulcrum.Integration.Tests.DataPlane;
using Fulcrum.Integration.Tests.Ha;
using Fulcrum.Integration.Tests.Lab;
using Fulcrum.Lab;
using Fulcrum.Linux.Firewall;

namespace Fulcrum.Integration.Tests.Firewall;

/// <summary>
/// Egress through the gateway firewall while Fulcrum's own VRRP moves the VIPs: both balancers get
/// `fulcrum apply` (firewall with its VRRP-from-the-peer rule, SNAT to the public VIP), both run
/// VRRP; a real server's connection to the internet host is seen from the public VIP before, while
/// the master's public link is down (lb2 holds the VIPs), and after lb1 takes them back.
/// </summary>
public sealed class FirewallEgressFailoverLabTests
{
    [PrivilegedFact]
    public async Task A_real_server_reaches_the_internet_as_the_public_vip_through_whichever_node_vrrp_made_master()
    {
        await TestLabOwners.SweepAbandonedAsync();
        await using var owned = OwnedLab.Create(servers: 1);
        NetworkLab lab = owned.Lab;
        await lab.UpAsync();
        LabTopology t = lab.Topology;
        string lb1 = t.Balancers[0].Namespace, lb2 = t.Balancers[1].Namespace;
        string inet = t.Internet.Namespace, rs1 = t.RealServers[0].Namespace;
        using var config = new HaLabConfig(3, "100ms", preempt: true);
        using var vips = new VipLocator(lab);
        var deadline = HaKeepalivedInteropTests.Deadline(config);
        string directory = Directory.CreateTempSubdirectory("fulcrum-fw-egress").FullName;
        try
        {
            string applied = Path.Combine(directory, "lab.yaml");
            await File.WriteAllTextAsync(applied, File.ReadAllText(config.Path).Replace("state_dir: /run/fulcrum", $"state_dir: {directory}/state", StringComparison.Ordinal));
            foreach (string node in new[] { "lb1", "lb2" })
            {
                var (exit, _, stderr) = await FulcrumProcess.RunAsync("apply", applied, "--node", node, "--netns", t.Prefix + node);
                Assert.True(exit == 0, stderr);
            }

            using var web = new EchoServer(inet, "inet", ProtocolType.Tcp, 80);
            var internetWeb = new IPEndPoint(IPAddress.Parse("203.0.113.200"), 80);
            await using var node2 = await FulcrumNode.StartAsync(config, "lb2", lb2);
            await using var node1 = await FulcrumNode.StartAsync(config, "lb1", lb1);

            // The firewall admits the peer's adverts: lb1 (150) becomes master over lb2 (100).
            Assert.True(await Eventually.TrueAsync(() => node1.IsMaster && node2.IsBackup && vips.OnlyOn(0), deadline), "lb1 takes the VIPs");
            var before = await SnatCount(lb1);
            Assert.Equal("inet 80 saw 203.0.113.100", await EchoServer.AskTcpAsync(rs1, internetWeb));
            Assert.True(await SnatCount(lb1) > before, "lb1's SNAT rule did not count the real server's connection");

            // The master's public link dies: VRRP moves both VIPs to lb2, whose SNAT takes over.
            Netlink.ProcessRunner.Run("ip", "-n", lb1, "link", "set", "eth0", "down");
            Assert.True(await Eventually.TrueAsync(() => node2.IsMaster && vips.OnlyOn(1), deadline), "lb2 takes the VIPs");
            before = await SnatCount(lb2);
            Assert.Equal("inet 80 saw 203.0.113.100", await EchoServer.AskTcpAsync(rs1, internetWeb));
            Assert.True(await SnatCount(lb2) > before, "lb2's SNAT rule did not count the real server's connection");

            // lb1 returns and takes the VIPs back (preempt): egress goes through it again.
            Netlink.ProcessRunner.Run("ip", "-n", lb1, "link", "set", "eth0", "up");
            Assert.True(await Eventually.TrueAsync(() => node1.IsMaster && node2.IsBackup && vips.OnlyOn(0), deadline), "lb1 takes the VIPs back");
            before = await SnatCount(lb1);
            Assert.Equal("inet 80 saw 203.0.113.100", await EchoServer.AskTcpAsync(rs1, internetWeb));
            Assert.True(await SnatCount(lb1) > before, "lb1's SNAT rule did not count the real server's connection after preempting");
        }
        finally
        {
            foreach (string ns in new[] { lb1, lb2 })
            {
                using var firewall = NftFirewall.Open(ns);
                await firewall.RemoveAsync(CancellationToken.None);
            }

            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<ulong> SnatCount(string ns)
    {
        using var firewall = NftFirewall.Open(ns);
        return (await firewall.ReadCountersAsync(CancellationToken.None)).GetValueOrDefault("postrouting/snat_egress");
    }
}
