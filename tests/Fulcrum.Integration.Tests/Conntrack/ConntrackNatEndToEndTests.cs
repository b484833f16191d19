using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Fulcrum.Core.Net;
using Fulcrum.Integration.Tests.Netlink;
using Fulcrum.Linux.Conntrack;
using Fulcrum.Linux.Netlink;
using Xunit.Abstractions;

namespace Fulcrum.Integration.Tests.Conntrack;

/// <summary>
/// Real TCP connections DNAT'ed by nft rules (ct mark = backend id) from a client namespace through
/// a balancer namespace to two real servers (10.2.0.2 and 10.2.0.3 in the server namespace): the
/// conntrack client sees them, counts them per mark, and deleting one server's flows resets
/// exactly its clients while the other server's clients carry on.
/// </summary>
public sealed class ConntrackNatEndToEndTests(ITestOutputHelper output)
{
    private const int ConnectionsPerServer = 3;
    private static readonly IPAddress Vip = IPAddress.Parse("203.0.113.10");
    private static readonly IPAddress ServerA = IPAddress.Parse("10.2.0.2");
    private static readonly IPAddress ServerB = IPAddress.Parse("10.2.0.3");
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    // Round robin over two backends; each backend's chain stamps its id into the ct mark.
    private const string Ruleset = """
        table ip ftct {
            chain prerouting {
                type nat hook prerouting priority dstnat; policy accept;
                ip daddr 203.0.113.10 tcp dport 80 numgen inc mod 2 vmap { 0 : jump backend_a, 1 : jump backend_b }
            }
            chain backend_a {
                meta l4proto tcp ct mark set 1 dnat to 10.2.0.2:8080
            }
            chain backend_b {
                meta l4proto tcp ct mark set 2 dnat to 10.2.0.3:8080
            }
        }
        """;

    // Removing backend A: new flows go to B (the engine changes its maps before deleting flows).
    private const string RemoveServerA = """
        flush chain ip ftct backend_a
        add rule ip ftct backend_a meta l4proto tcp ct mark set 2 dnat to 10.2.0.3:8080
        """;

    [ConntrackPrivilegedFact]
    public async Task Deleting_one_servers_flows_resets_its_clients_promptly_and_spares_the_others()
    {
        using var topology = new ThreeNamespaceTopology("ftct");
        ProcessRunner.Run("ip", "-n", topology.RealServer.Name, "addr", "add", "10.2.0.3/24", "dev", "r0");
        topology.Balancer.Exec("sysctl", "-qw", "net.netfilter.nf_conntrack_acct=1");
        Apply(topology.Balancer, Ruleset);
        using var server = new AddressEchoServer(topology.RealServer.Name, 8080);
        using var tracker = ConntrackClient.Open(topology.Balancer.Name);
        using var cancel = new CancellationTokenSource(Deadline);

        var clients = new List<(Socket Socket, IPAddress Server)>();
        try
        {
            for (var i = 0; i < 2 * ConnectionsPerServer; i++)
            {
                var socket = NetworkNamespace.Run(topology.Client.Name, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
                await socket.ConnectAsync(new IPEndPoint(Vip, 80), cancel.Token);
                clients.Add((socket, IPAddress.Parse(await AskAsync(socket, cancel.Token))));
            }

            Assert.Equal(ConnectionsPerServer, clients.Count(c => c.Server.Equals(ServerA)));

            // The list shows each connection with its exact tuples, NAT'ed to the server it reached.
            var flows = tracker.List(new ConntrackFilter { Protocol = ProtocolType.Tcp, OriginalDestination = Vip, OriginalDestinationPort = 80 });
            Assert.Equal(clients.Count, flows.Count);
            foreach (var (socket, reached) in clients)
            {
                var local = (IPEndPoint)socket.LocalEndPoint!;
                var flow = Assert.Single(flows, f => f.Original.SourcePort == local.Port);
                Assert.Equal(new ConntrackTuple(ProtocolType.Tcp, IPAddress.Parse("10.1.0.2"), (ushort)local.Port, Vip, 80), flow.Original);
                Assert.Equal(new ConntrackTuple(ProtocolType.Tcp, reached, 8080, IPAddress.Parse("10.1.0.2"), (ushort)local.Port), flow.Reply);
                Assert.Equal(reached.Equals(ServerA) ? 1u : 2u, flow.Mark);
                Assert.Equal(ConntrackTcpState.Established, flow.TcpState);
                Assert.True(flow.Status.HasFlag(ConntrackStatus.DestinationNat | ConntrackStatus.Assured), flow.Status.ToString());
                Assert.True(flow.Counters is { Packets: >= 6 }, $"counters {flow.Counters}");
            }

            var counts = tracker.CountByMark();
            Assert.Equal([1u, 2u], counts.Keys.Order());
            Assert.All(counts.Values, c => Assert.Equal((ConnectionsPerServer, 0), (c.Active, c.Inactive)));
            Assert.All(counts.Values, c => Assert.True(c.Packets >= 6 * ConnectionsPerServer && c.Bytes > c.Packets * 40, c.ToString()));
            Assert.Equal(ConnectionsPerServer, ConntrackClientKernelTests.CountLines(topology.Balancer.Exec("conntrack", "-L", "-p", "tcp", "--reply-src", "10.2.0.2")));
            Assert.Equal(ConnectionsPerServer, ConntrackClientKernelTests.CountLines(topology.Balancer.Exec("conntrack", "-L", "--mark", "2")));

            Apply(topology.Balancer, RemoveServerA);
            var deleted = tracker.DeleteFlowsTo(new ConntrackFlowSelector(L4Protocol.Tcp, Vip, PortRange.Of(80), ServerA, 8080));

            Assert.Equal(ConnectionsPerServer, deleted);
            Assert.Equal(0, ConntrackClientKernelTests.CountLines(topology.Balancer.Exec("conntrack", "-L", "--mark", "1")));
            foreach (var (socket, reached) in clients)
            {
                if (reached.Equals(ServerB))
                {
                    Assert.Equal("10.2.0.3", await AskAsync(socket, cancel.Token));
                    continue;
                }

                // The next segment finds no entry, is picked up as a new flow, is DNAT'ed to B,
                // which knows no such connection and answers with a reset.
                var watch = Stopwatch.StartNew();
                var failure = await Assert.ThrowsAsync<SocketException>(() => AskAsync(socket, cancel.Token));
                output.WriteLine($"client {socket.LocalEndPoint} of {reached}: {failure.SocketErrorCode} after {watch.Elapsed.TotalMilliseconds:F1} ms");
                Assert.Equal(SocketError.ConnectionReset, failure.SocketErrorCode);
                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"the reset took {watch.Elapsed}");
            }
        }
        finally
        {
            foreach (var (socket, _) in clients)
            {
                socket.Dispose();
            }
        }
    }

    private static void Apply(TestNamespace ns, string ruleset)
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, ruleset);
            ns.Nft("-f", file);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<string> AskAsync(Socket socket, CancellationToken cancel)
    {
        await socket.SendAsync(Encoding.ASCII.GetBytes("which?"), cancel);
        var buffer = new byte[64];
        var read = await socket.ReceiveAsync(buffer, cancel);
        return read == 0 ? throw new SocketException((int)SocketError.ConnectionReset) : Encoding.ASCII.GetString(buffer, 0, read);
    }
}
