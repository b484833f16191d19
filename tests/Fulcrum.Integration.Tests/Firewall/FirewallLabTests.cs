using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Fulcrum.Integration.Tests.Cli;
using Fulcrum.Integration.Tests.DataPlane;
using Fulcrum.Integration.Tests.Lab;
using Fulcrum.Lab;
using Fulcrum.Linux.Firewall;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Integration.Tests.Firewall;

/// <summary>
/// The gateway firewall in the lab with real tools: both balancers get `fulcrum apply`, the VIPs are
/// placed (and failed over) by hand with `ip addr`, then nmap, curl, hping3 and sockets check what
/// is open (admin ports on the nodes' addresses, not on the VIP), what is reachable, what egress
/// looks like from the internet, bans and spoofing.
/// </summary>
public sealed class FirewallLabTests
{
    private static readonly IPAddress PublicVip = IPAddress.Parse("203.0.113.100");
    private static readonly IPAddress SecondAdmin = IPAddress.Parse("203.0.113.51");

    [PrivilegedFact(Needs = "nmap")]
    public async Task Only_services_are_open_real_servers_egress_as_the_vip_bans_and_spoofing_work()
    {
        Assert.NotNull(Fulcrum.Lab.ToolPath.Find("hping3"));
        await TestLabOwners.SweepAbandonedAsync();
        await using var owned = OwnedLab.Create(servers: 2);
        NetworkLab lab = owned.Lab;
        await lab.UpAsync();
        LabTopology t = lab.Topology;
        string lb1 = t.Balancers[0].Namespace, lb2 = t.Balancers[1].Namespace;
        string client = t.Client.Namespace, inet = t.Internet.Namespace, rs1 = t.RealServers[0].Namespace;
        string directory = Directory.CreateTempSubdirectory("fulcrum-fw-lab").FullName;
        try
        {
            string config = Path.Combine(directory, "lab.yaml");
            await File.WriteAllTextAsync(config, File.ReadAllText(Path.Combine(FulcrumProcess.RepoRoot, "examples", "lab.yaml"))
                .Replace("state_dir: /run/fulcrum", $"state_dir: {directory}/state", StringComparison.Ordinal)
                .Replace("from: [203.0.113.50/32]", "from: [203.0.113.50/32, 203.0.113.51/32]\n    ban: { after: 5, per: 1s, time: 8s, exempt_admin: false }", StringComparison.Ordinal));
            MoveVips(to: lb1, from: lb2);
            foreach (string node in new[] { "lb1", "lb2" })
            {
                var (exit, _, stderr) = await FulcrumProcess.RunAsync("apply", config, "--node", node, "--netns", t.Prefix + node);
                Assert.True(exit == 0, stderr);
            }

            Sh("ip", "-n", client, "addr", "add", "203.0.113.51/24", "dev", "eth0");
            using var ssh1 = new EchoServer(lb1, "lb1", ProtocolType.Tcp, 2222);
            using var ssh2 = new EchoServer(lb2, "lb2", ProtocolType.Tcp, 2222);

            // nmap: from the admin address the admin port is open too, on the nodes' own addresses
            // only (never on the VIP, which floats between them); from the internet only the service.
            var fromAdmin = OpenPorts(client, "203.0.113.100", "203.0.113.1", "203.0.113.2");
            Assert.Equal([80], fromAdmin["203.0.113.100"]);
            Assert.Equal([2222], fromAdmin["203.0.113.1"]);
            Assert.Equal([2222], fromAdmin["203.0.113.2"]);
            var fromInternet = OpenPorts(inet, "203.0.113.100", "203.0.113.1", "203.0.113.2");
            Assert.Equal([80], fromInternet["203.0.113.100"]);
            Assert.Empty(fromInternet["203.0.113.1"]);
            Assert.Empty(fromInternet["203.0.113.2"]);

            // Real servers cannot be reached directly, even with a route through the balancer.
            Sh("ip", "-n", client, "route", "add", "192.168.20.0/24", "via", "203.0.113.1");
            Assert.NotEqual(0, Run("ip", "netns", "exec", client, "curl", "-s", "-o", "/dev/null", "--max-time", "2", "http://192.168.20.11/").Exit);
            Assert.Empty(OpenPorts(client, "192.168.20.11")["192.168.20.11"]);
            Assert.True((await Counters(lb1)).GetValueOrDefault("forward/forward_drop") > 0);

            // Egress: the internet sees the public VIP, on whichever node holds it; only allowed ports.
            using var web = new EchoServer(inet, "inet", ProtocolType.Tcp, 80);
            using var other = new EchoServer(inet, "inet", ProtocolType.Tcp, 8080);
            var internetWeb = new IPEndPoint(IPAddress.Parse("203.0.113.200"), 80);
            Assert.Equal("inet 80 saw 203.0.113.100", await EchoServer.AskTcpAsync(rs1, internetWeb));
            Assert.False(await ConnectsAsync(rs1, null, new IPEndPoint(IPAddress.Parse("203.0.113.200"), 8080)));
            MoveVips(to: lb2, from: lb1);
            Assert.Equal("inet 80 saw 203.0.113.100", await EchoServer.AskTcpAsync(rs1, internetWeb));
            Assert.True((await Counters(lb2)).GetValueOrDefault("postrouting/snat_egress") > 0);

            // Ten rapid connections (completed handshakes) to the admin port from one address: banned
            // (admin networks are not exempt in this config); the other admin is not.
            var lb1Ssh = new IPEndPoint(IPAddress.Parse("203.0.113.1"), 2222);
            for (int i = 0; i < 10; i++)
            {
                await ConnectsAsync(client, null, lb1Ssh, TimeSpan.FromMilliseconds(300));
            }

            Assert.Contains("203.0.113.50", Sh("ip", "netns", "exec", lb1, "nft", "list", "set", "inet", "fulcrum_filter", "banned"), StringComparison.Ordinal);
            Assert.False(await ConnectsAsync(client, null, lb1Ssh));
            Assert.True(await ConnectsAsync(client, SecondAdmin, lb1Ssh));
            var banned = Stopwatch.StartNew();
            Assert.True(await EventuallyAsync(() => ConnectsAsync(client, null, lb1Ssh), TimeSpan.FromSeconds(20)), "the ban did not expire");
            Assert.InRange(banned.Elapsed, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(20));

            // Spoofed sources from the public side: dropped and counted by kind.
            foreach (string source in new[] { "192.168.20.99", "10.1.2.3", "203.0.113.100", "198.51.100.7" })
            {
                Run("ip", "netns", "exec", inet, "hping3", "-q", "-c", "3", "-i", "u20000", "-S", "-p", "80", "-a", source, "203.0.113.1");
            }

            var counters = await Counters(lb1);
            Assert.True(counters.GetValueOrDefault("spoofing/spoof_bogon") >= 6, $"spoof_bogon {counters.GetValueOrDefault("spoofing/spoof_bogon")}");
            Assert.True(counters.GetValueOrDefault("spoofing/spoof_own") >= 3, $"spoof_own {counters.GetValueOrDefault("spoofing/spoof_own")}");
            Assert.True(counters.GetValueOrDefault("spoofing/spoof_rpf") >= 3, $"spoof_rpf {counters.GetValueOrDefault("spoofing/spoof_rpf")}");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }

        void MoveVips(string to, string from)
        {
            Run("ip", "-n", from, "addr", "del", "203.0.113.100/24", "dev", "eth0");
            Run("ip", "-n", from, "addr", "del", "192.168.20.254/24", "dev", "eth1");
            Sh("ip", "-n", to, "addr", "add", "203.0.113.100/24", "dev", "eth0");
            Sh("ip", "-n", to, "addr", "add", "192.168.20.254/24", "dev", "eth1");
            foreach (LabNode node in lab.Topology.Nodes)
            {
                Sh("ip", "-n", node.Namespace, "neigh", "flush", "all");
            }
        }
    }

    private static async Task<IReadOnlyDictionary<string, ulong>> Counters(string ns)
    {
        using var firewall = NftFirewall.Open(ns);
        return await firewall.ReadCountersAsync(CancellationToken.None);
    }

    /// <summary>Open TCP ports per target, from nmap's grepable output (SYN scan, no ping).</summary>
    private static Dictionary<string, List<int>> OpenPorts(string ns, params string[] targets)
    {
        var (_, output) = Run(["ip", "netns", "exec", ns, "nmap", "-Pn", "-n", "-sS", "-T4", "--max-retries", "1", "-p", "1-1024,2222,8080,9100", "-oG", "-", .. targets]);
        var open = targets.ToDictionary(t => t, _ => new List<int>());
        foreach (string line in output.Split('\n'))
        {
            int ports = line.IndexOf("Ports: ", StringComparison.Ordinal);
            if (!line.StartsWith("Host: ", StringComparison.Ordinal) || ports < 0)
            {
                continue;
            }

            string host = line.Split(' ')[1];
            foreach (string entry in line[(ports + 7)..].Split(", "))
            {
                string[] fields = entry.Split('/');
                if (fields.Length > 1 && fields[1] == "open")
                {
                    open[host].Add(int.Parse(fields[0].Trim(), System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        }

        return open;
    }

    private static async Task<bool> ConnectsAsync(string ns, IPAddress? source, IPEndPoint target, TimeSpan? timeout = null)
    {
        using var socket = NetworkNamespace.Run(ns, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        if (source is not null)
        {
            socket.Bind(new IPEndPoint(source, 0));
        }

        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(1));
        try
        {
            await socket.ConnectAsync(target, deadline.Token);
            return true;
        }
        catch (Exception failure) when (failure is OperationCanceledException or SocketException)
        {
            return false;
        }
    }

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }

    private static string Sh(params string[] argv) => Netlink.ProcessRunner.Run(argv[0], argv[1..]);

    private static (int Exit, string Output) Run(params string[] argv) => Netlink.ProcessRunner.RunAllowingFailure(argv);
}
