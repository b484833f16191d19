using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Fulcrum.Integration.Tests.Cli;
using Fulcrum.Integration.Tests.Lab;
using Fulcrum.Lab;
using Fulcrum.Linux.Firewall;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Integration.Tests.Firewall;

/// <summary>
/// The per-service guards of the firewall in the lab, through the real data plane (`fulcrum apply`
/// on lb1, which holds the VIPs): a SYN-proxied service answered by a real server with every
/// handshake completed by the kernel's SYN cookies first, and a per-client connection limit.
/// </summary>
public sealed class FirewallServiceGuardLabTests
{
    private const string Services = """
        services:
          - name: web
            listen: 203.0.113.100:80/tcp
            syn_proxy: true
            servers:
              - { address: 192.168.20.11:80 }
              - { address: 192.168.20.12:80 }
          - name: tls
            listen: 203.0.113.100:443/tcp
            client_limit: 3
            servers:
              - { address: 192.168.20.11:443 }

        firewall:
        """;

    [PrivilegedFact]
    public async Task A_syn_proxied_service_is_answered_by_its_servers_and_a_client_limit_caps_each_client()
    {
        await TestLabOwners.SweepAbandonedAsync();
        await using var owned = OwnedLab.Create(servers: 2);
        NetworkLab lab = owned.Lab;
        await lab.UpAsync();
        LabTopology t = lab.Topology;
        string lb1 = t.Balancers[0].Namespace, client = t.Client.Namespace;
        string directory = Directory.CreateTempSubdirectory("fulcrum-fw-guard").FullName;
        try
        {
            string labYaml = File.ReadAllText(Path.Combine(FulcrumProcess.RepoRoot, "examples", "lab.yaml"));
            int services = labYaml.IndexOf("\nservices:", StringComparison.Ordinal), firewall = labYaml.IndexOf("\nfirewall:", StringComparison.Ordinal);
            string config = Path.Combine(directory, "lab.yaml");
            await File.WriteAllTextAsync(config, (labYaml[..(services + 1)] + Services + labYaml[(firewall + "\nfirewall:".Length)..])
                .Replace("state_dir: /run/fulcrum", $"state_dir: {directory}/state", StringComparison.Ordinal));
            Sh("ip", "-n", lb1, "addr", "add", "203.0.113.100/24", "dev", "eth0");
            Sh("ip", "-n", lb1, "addr", "add", "192.168.20.254/24", "dev", "eth1");
            var (exit, _, stderr) = await FulcrumProcess.RunAsync("apply", config, "--node", "lb1", "--netns", lb1);
            Assert.True(exit == 0, stderr);
            Assert.Equal("0", Sh("ip", "netns", "exec", lb1, "cat", "/proc/sys/net/netfilter/nf_conntrack_tcp_loose").Trim());

            // SYN proxy: every connection's SYN is answered with a cookie by lb1 (syn_received,
            // cookie_valid), and the request still reaches a real server through the data plane.
            var (synsBefore, cookiesBefore) = SynProxyStats(lb1);
            var answers = new List<string>();
            for (int i = 0; i < 6; i++)
            {
                var (curl, body) = Run("ip", "netns", "exec", client, "curl", "-s", "--max-time", "5", "http://203.0.113.100/");
                Assert.True(curl == 0, $"curl {i} through the SYN-proxied VIP failed with exit {curl}");
                answers.Add(body.Trim());
            }

            Assert.All(answers, a => Assert.Matches("^rs[12] saw 203\\.0\\.113\\.50$", a));
            Assert.Equal(["rs1 saw 203.0.113.50", "rs2 saw 203.0.113.50"], answers.Distinct().Order(StringComparer.Ordinal));
            var (synsAfter, cookiesAfter) = SynProxyStats(lb1);
            Assert.True(synsAfter - synsBefore >= 6, $"synproxy received {synsAfter - synsBefore} SYNs for 6 connections");
            Assert.True(cookiesAfter - cookiesBefore >= 6, $"synproxy validated {cookiesAfter - cookiesBefore} cookies for 6 connections");
            var counters = await Counters(lb1);
            Assert.True(counters.GetValueOrDefault("untrack/syn_proxy_untrack") >= 6, $"syn_proxy_untrack {counters.GetValueOrDefault("untrack/syn_proxy_untrack")}");
            Assert.True(counters.GetValueOrDefault("input/syn_proxy") >= 12, $"syn_proxy {counters.GetValueOrDefault("input/syn_proxy")}");

            // Client limit: 3 connections held open from one address; the 4th and 5th are reset at once.
            Sh("ip", "-n", client, "addr", "add", "203.0.113.51/24", "dev", "eth0");
            var tls = new IPEndPoint(IPAddress.Parse("203.0.113.100"), 443);
            var held = new List<Socket>();
            try
            {
                var refused = 0;
                for (int i = 0; i < 5; i++)
                {
                    var (socket, error) = await ConnectAsync(client, null, tls);
                    if (socket is not null)
                    {
                        held.Add(socket);
                    }
                    else
                    {
                        Assert.Equal(SocketError.ConnectionRefused, error);
                        refused++;
                    }
                }

                Assert.Equal((3, 2), (held.Count, refused));
                Assert.True((await Counters(lb1)).GetValueOrDefault("client_limits/client_limit_tls") >= 2);

                // Another client address has its own count.
                var (other, otherError) = await ConnectAsync(client, IPAddress.Parse("203.0.113.51"), tls);
                Assert.True(other is not null, $"a second client was refused too ({otherError})");
                other.Dispose();
            }
            finally
            {
                foreach (Socket socket in held)
                {
                    socket.Dispose();
                }
            }

            // Closed connections no longer count: a new one is let in again.
            var clock = Stopwatch.StartNew();
            Socket? again = null;
            while (again is null && clock.Elapsed < TimeSpan.FromSeconds(10))
            {
                (again, _) = await ConnectAsync(client, null, tls);
                if (again is null)
                {
                    await Task.Delay(100);
                }
            }

            Assert.True(again is not null, "after closing its connections the client was still refused");
            again.Dispose();
        }
        finally
        {
            using (var firewall = NftFirewall.Open(lb1))
            {
                await firewall.RemoveAsync(CancellationToken.None);
            }

            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>SYNs received and cookies validated by nf_synproxy in <paramref name="ns"/> (summed over the CPUs' rows of /proc/net/stat/synproxy).</summary>
    private static (long Syns, long Cookies) SynProxyStats(string ns)
    {
        long syns = 0, cookies = 0;
        foreach (string line in Sh("ip", "netns", "exec", ns, "cat", "/proc/net/stat/synproxy").Split('\n').Skip(1))
        {
            string[] fields = line.Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 4)
            {
                syns += long.Parse(fields[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                cookies += long.Parse(fields[3], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            }
        }

        return (syns, cookies);
    }

    private static async Task<IReadOnlyDictionary<string, ulong>> Counters(string ns)
    {
        using var firewall = NftFirewall.Open(ns);
        return await firewall.ReadCountersAsync(CancellationToken.None);
    }

    private static async Task<(Socket? Socket, SocketError Error)> ConnectAsync(string ns, IPAddress? source, IPEndPoint target)
    {
        var socket = NetworkNamespace.Run(ns, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        if (source is not null)
        {
            socket.Bind(new IPEndPoint(source, 0));
        }

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        try
        {
            await socket.ConnectAsync(target, deadline.Token);
            return (socket, SocketError.Success);
        }
        catch (SocketException failure)
        {
            socket.Dispose();
            return (null, failure.SocketErrorCode);
        }
        catch (OperationCanceledException)
        {
            socket.Dispose();
            return (null, SocketError.TimedOut);
        }
    }

    private static string Sh(params string[] argv) => Netlink.ProcessRunner.Run(argv[0], argv[1..]);

    private static (int Exit, string Output) Run(params string[] argv) => Netlink.ProcessRunner.RunAllowingFailure(argv);
}
