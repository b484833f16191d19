using System.Net;
using System.Net.Sockets;
using Fulcrum.Integration.Tests.DataPlane;
using Fulcrum.Integration.Tests.Lab;
using Fulcrum.Lab;
using Fulcrum.Linux.Netlink;
using static Fulcrum.Integration.Tests.Firewall.FirewallLabShell;

namespace Fulcrum.Integration.Tests.Firewall;

/// <summary>
/// Brute-force bans on the admin SSH port count only sources that completed TCP handshakes. In the
/// lab (the client namespace is the admin workstation 203.0.113.50, a second admin 203.0.113.51 is
/// added to it; inet is another host on the public network; a listener stands in for sshd on
/// lb1:2222): hping3 SYNs from inet spoofing the admin's address, and a SYN scan of every port
/// from the admin itself, never get it banned; real connections from another source do.
/// </summary>
public sealed class FirewallBanLabTests
{
    private static readonly IPEndPoint Lb1Ssh = new(IPAddress.Parse("203.0.113.1"), 2222);
    private static readonly IPAddress Admin = IPAddress.Parse("203.0.113.50");
    private static readonly IPAddress SecondAdmin = IPAddress.Parse("203.0.113.51");

    [PrivilegedFact(Needs = "hping3")]
    public async Task A_spoofed_flood_or_a_syn_scan_cannot_ban_the_admin_while_a_real_brute_force_is_banned()
    {
        Assert.NotNull(ToolPath.Find("nmap"));
        await TestLabOwners.SweepAbandonedAsync();
        await using var owned = OwnedLab.Create(servers: 1);
        NetworkLab lab = owned.Lab;
        await lab.UpAsync();
        LabTopology t = lab.Topology;
        string lb1 = t.Balancers[0].Namespace, client = t.Client.Namespace, inet = t.Internet.Namespace;
        string directory = Directory.CreateTempSubdirectory("fulcrum-ban").FullName;
        try
        {
            // Not even the admin networks are exempt here: only the way of counting protects the admin.
            string strict = WriteConfig(directory, admin: "    from: [203.0.113.50/32, 203.0.113.51/32]\n    ban: { after: 5, per: 1m, time: 10m, exempt_admin: false }");
            PlaceVips(lb1);
            await ApplyAsync(strict, "lb1", lb1);
            Sh("ip", "-n", client, "addr", "add", "203.0.113.51/24", "dev", "eth0");
            using var sshd = new EchoServer(lb1, "lb1", ProtocolType.Tcp, 2222);

            // The attack of issue 22: SYNs "from" the admin's address, sent by another host.
            Run("ip", "netns", "exec", inet, "hping3", "-q", "-a", "203.0.113.50", "-S", "-p", "2222", "-c", "50", "-i", "u2000", "203.0.113.1");
            // A half-open scan of every port from the admin workstation itself.
            Run("ip", "netns", "exec", client, "nmap", "-Pn", "-n", "-sS", "-p-", "--min-rate", "20000", "--max-retries", "1", "203.0.113.1");

            Assert.False(SetHolds(lb1, "banned", "203.0.113.50"), "the admin was banned by SYNs it never completed");
            Assert.True(await ConnectsAsync(client, Admin, Lb1Ssh), "the admin cannot reach SSH after a spoofed flood");

            // A real brute force: ten completed connections in a row from 203.0.113.51.
            int connected = 0;
            for (int i = 0; i < 10; i++)
            {
                connected += await ConnectsAsync(client, SecondAdmin, Lb1Ssh) ? 1 : 0;
            }

            Assert.Equal(5, connected); // the burst of five, then the sixth is reset and the rest dropped
            Assert.True(SetHolds(lb1, "banned", "203.0.113.51"), "ten completed handshakes in a second were not banned");
            Assert.False(await ConnectsAsync(client, SecondAdmin, Lb1Ssh));
            Assert.True(await ConnectsAsync(client, Admin, Lb1Ssh), "banning another source locked the admin out");
            Assert.True((await CountersAsync(lb1)).GetValueOrDefault("input/ban_ssh") >= 1);

            // By default the admin networks are exempt: the same brute force from the admin is not banned.
            string exempt = WriteConfig(directory);
            await ApplyAsync(exempt, "lb1", lb1);
            for (int i = 0; i < 10; i++)
            {
                Assert.True(await ConnectsAsync(client, Admin, Lb1Ssh), $"connection {i} of the exempt admin failed");
            }

            Assert.False(SetHolds(lb1, "banned", "203.0.113.50"));
        }
        finally
        {
            await RemoveFirewallAsync(lb1);
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>A completed TCP connection from <paramref name="source"/> in <paramref name="ns"/> that reads the listener's greeting.</summary>
    private static async Task<bool> ConnectsAsync(string ns, IPAddress source, IPEndPoint target)
    {
        using var socket = NetworkNamespace.Run(ns, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        socket.Bind(new IPEndPoint(source, 0));
        // 2 s: a connection that completes answers in microseconds; one that is dropped never does.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await socket.ConnectAsync(target, deadline.Token);
            var buffer = new byte[64];
            return await socket.ReceiveAsync(buffer, deadline.Token) > 0;
        }
        catch (Exception failure) when (failure is OperationCanceledException or SocketException)
        {
            return false;
        }
    }
}
