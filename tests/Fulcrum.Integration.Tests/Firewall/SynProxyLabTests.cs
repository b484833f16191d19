using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Fulcrum.Integration.Tests.DataPlane;
using Fulcrum.Integration.Tests.Lab;
using Fulcrum.Lab;
using Fulcrum.Linux.Netlink;
using static Fulcrum.Integration.Tests.Firewall.FirewallLabShell;

namespace Fulcrum.Integration.Tests.Firewall;

/// <summary>
/// The SYN proxy (`syn_proxy: true`) under ordinary traffic, through the real data plane on lb1:
/// every short request answers well within a second, and a server-first protocol (the server
/// speaks first, as SSH or SMTP do) answers at once. Before the <c>syn_proxy_ack</c> chain, the
/// proxy's own ACK to the real server carried a wrong TSecr (nf_synproxy adds the timestamp offset
/// twice); the server dropped it (TcpExt TSEcrRejected), so a server-first connection waited for the
/// server's SYN-ACK retransmission (1 s) every time, and 1–3 % of client-first requests stalled as
/// long when their first data segment echoed the server's newer timestamp.
/// </summary>
public sealed class SynProxyLabTests
{
    private const int Requests = 500;
    private static readonly IPEndPoint Web = new(IPAddress.Parse("203.0.113.100"), 80);
    private static readonly IPEndPoint Banner = new(IPAddress.Parse("203.0.113.100"), 8000);

    private const string Services = """
          - name: web
            listen: 203.0.113.100:80/tcp
            syn_proxy: true
            servers:
              - { address: 192.168.20.11:80 }
              - { address: 192.168.20.12:80 }
          - name: banner
            listen: 203.0.113.100:8000/tcp
            syn_proxy: true
            servers:
              - { address: 192.168.20.11:8000 }

        """;

    [PrivilegedFact]
    public async Task Five_hundred_short_requests_never_stall_and_a_server_first_protocol_answers_at_once()
    {
        await TestLabOwners.SweepAbandonedAsync();
        await using var owned = OwnedLab.Create(servers: 2);
        NetworkLab lab = owned.Lab;
        await lab.UpAsync();
        LabTopology t = lab.Topology;
        string lb1 = t.Balancers[0].Namespace, client = t.Client.Namespace;
        string[] servers = [t.RealServers[0].Namespace, t.RealServers[1].Namespace];
        string directory = Directory.CreateTempSubdirectory("fulcrum-synproxy").FullName;
        try
        {
            string config = WriteConfig(directory, Services);
            PlaceVips(lb1);
            await ApplyAsync(config, "lb1", lb1);
            using var banner = new EchoServer(servers[0], "rs1", ProtocolType.Tcp, 8000);
            long rejectedBefore = servers.Sum(s => TcpExt(s, "TSEcrRejected"));
            long synAckRetransmitsBefore = servers.Sum(s => TcpExt(s, "TCPSynRetrans"));

            // Client first: connect, send a request, read the whole answer; 1 s for all of it.
            var stalls = new List<string>();
            for (int i = 0; i < Requests; i++)
            {
                var (ok, elapsed, detail) = await RequestAsync(client, Web, "GET / HTTP/1.1\r\nHost: vip\r\nConnection: close\r\n\r\n", "HTTP/1.1 200 OK", TimeSpan.FromSeconds(1));
                if (!ok)
                {
                    stalls.Add($"#{i} after {elapsed.TotalMilliseconds:0} ms: {detail}");
                }
            }

            Assert.True(
                stalls.Count == 0,
                $"{stalls.Count} of {Requests} requests through the SYN proxy stalled: {string.Join("; ", stalls.Take(10))}; the real servers refused " +
                $"{servers.Sum(s => TcpExt(s, "TSEcrRejected")) - rejectedBefore} ACKs for their TSecr and resent {servers.Sum(s => TcpExt(s, "TCPSynRetrans")) - synAckRetransmitsBefore} SYN-ACKs meanwhile");

            // Server first: the server's greeting must not wait for its SYN-ACK retransmission.
            var slowest = TimeSpan.Zero;
            for (int i = 0; i < 20; i++)
            {
                var (ok, elapsed, detail) = await RequestAsync(client, Banner, null, "rs1 8000 saw 203.0.113.50", TimeSpan.FromSeconds(3));
                Assert.True(ok, $"server-first connection {i}: {detail}");
                slowest = elapsed > slowest ? elapsed : slowest;
            }

            Assert.True(slowest < TimeSpan.FromMilliseconds(500), $"a server-first connection through the SYN proxy took {slowest.TotalMilliseconds:0} ms");

            // The mechanism, seen from the real servers: none of the proxy's ACKs was refused and no
            // SYN-ACK had to be sent again; every proxied handshake went through syn_proxy_ack.
            Assert.Equal(0, servers.Sum(s => TcpExt(s, "TSEcrRejected")) - rejectedBefore);
            Assert.Equal(0, servers.Sum(s => TcpExt(s, "TCPSynRetrans")) - synAckRetransmitsBefore);
            Assert.True((await CountersAsync(lb1)).GetValueOrDefault("syn_proxy_ack/syn_proxy_ack") >= Requests + 20);
        }
        finally
        {
            await RemoveFirewallAsync(lb1);
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>One connection from <paramref name="ns"/>: send <paramref name="request"/> (if any), read until the server closes, expect <paramref name="expected"/> in the answer.</summary>
    private static async Task<(bool Ok, TimeSpan Elapsed, string Detail)> RequestAsync(string ns, IPEndPoint target, string? request, string expected, TimeSpan timeout)
    {
        using var socket = NetworkNamespace.Run(ns, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        using var deadline = new CancellationTokenSource(timeout);
        var clock = Stopwatch.StartNew();
        var answer = new StringBuilder();
        try
        {
            await socket.ConnectAsync(target, deadline.Token);
            if (request is not null)
            {
                await socket.SendAsync(Encoding.ASCII.GetBytes(request), deadline.Token);
            }

            var buffer = new byte[4096];
            int read;
            while ((read = await socket.ReceiveAsync(buffer, deadline.Token)) > 0)
            {
                answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
        }
        catch (OperationCanceledException)
        {
            return (false, clock.Elapsed, $"timed out (local port {((IPEndPoint?)socket.LocalEndPoint)?.Port}, got {answer.Length} bytes)");
        }
        catch (SocketException failure)
        {
            return (false, clock.Elapsed, failure.SocketErrorCode.ToString());
        }

        string text = answer.ToString();
        return text.Contains(expected, StringComparison.Ordinal) ? (true, clock.Elapsed, "") : (false, clock.Elapsed, $"unexpected answer '{text[..Math.Min(80, text.Length)]}'");
    }
}
