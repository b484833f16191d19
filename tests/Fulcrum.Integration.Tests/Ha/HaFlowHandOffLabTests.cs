using System.Net;
using System.Net.Sockets;
using System.Text;
using Fulcrum.Health.Sockets;
using Fulcrum.Integration.Tests.Lab;
using Fulcrum.Integration.Tests.Netlink;

namespace Fulcrum.Integration.Tests.Ha;

/// <summary>
/// The flow hand-off in the lab: connections opened through lb1 and idle across a graceful failover
/// (<c>fulcrum failover</c>) send their request through lb2 afterwards. The service uses rr, so lb2's
/// own counter would send them to servers that never saw their handshake (reset: checked with
/// <c>flow_handoff: 0s</c>: the first request is reset); lb2
/// hands them back to lb1, which still has their conntrack entries: every one is answered by the
/// server lb1 picked, and the server's FIN reaches the client. The hand-off ends on time.
/// </summary>
[Collection(LabTestGroup.Name)]
public sealed class HaFlowHandOffLabTests(LabFixture fixture) : IDisposable
{
    private const int Connections = 6;
    private readonly VipLocator _vips = HaKeepalivedInteropTests.CreateLocator(fixture);

    [PrivilegedFact]
    public async Task Connections_idle_across_a_failover_are_answered_by_their_server_through_the_hand_off_which_then_ends()
    {
        using var config = new HaLabConfig(3, "100ms", preempt: false, scheduler: "rr", flowHandOff: "3s");
        var topology = fixture.Lab.Topology;
        var balancers = topology.Balancers.Take(2).ToArray();
        var sockets = new List<Socket>();
        try
        {
            await LabDataPlanes.ApplyAsync(config, balancers);
            // lb1 first: with preempt off, whichever node is master first stays master.
            await using var lb1 = await FulcrumNode.StartAsync(config, "lb1", balancers[0].Namespace);
            await using var lb2 = await FulcrumNode.StartAsync(config, "lb2", balancers[1].Namespace);
            Assert.True(await Eventually.TrueAsync(() => lb1.IsMaster && lb2.IsBackup && _vips.OnlyOn(0), HaKeepalivedInteropTests.Deadline(config)));

            // One request first: both nodes' rr counters start at 0 with the apply, and lb2 would adopt the
            // connections below in the same order lb1 opened them, matching its picks by chance.
            using var client = new NamespaceSocketFactory(topology.Client.Namespace);
            using (var first = client.Create(VipLocator.PublicVip, SocketType.Stream, ProtocolType.Tcp, source: null))
            {
                await first.ConnectAsync(new IPEndPoint(VipLocator.PublicVip, 80)).WaitAsync(TimeSpan.FromSeconds(5));
                Assert.StartsWith("HTTP/1.1 200", await RequestAsync(first), StringComparison.Ordinal);
            }

            // Handshakes through lb1 (rr spreads them over the three servers); no request yet.
            for (var i = 0; i < Connections; i++)
            {
                var socket = client.Create(VipLocator.PublicVip, SocketType.Stream, ProtocolType.Tcp, source: null);
                sockets.Add(socket);
                await socket.ConnectAsync(new IPEndPoint(VipLocator.PublicVip, 80)).WaitAsync(TimeSpan.FromSeconds(5));
            }

            Assert.True(await lb1.HandOverAsync());
            Assert.True(await Eventually.TrueAsync(() => lb2.IsMaster && _vips.OnlyOn(1), HaKeepalivedInteropTests.Deadline(config)));
            Assert.True(
                await Eventually.TrueAsync(() => LabDataPlanes.HandOffTable(balancers[1].Namespace) is not null, TimeSpan.FromSeconds(2)),
                "lb2 opened the flow hand-off");

            var servers = new List<string>();
            foreach (var socket in sockets)
            {
                var answer = await RequestAsync(socket);
                Assert.StartsWith("HTTP/1.1 200", answer, StringComparison.Ordinal);
                Assert.Contains("saw 203.0.113.50", answer, StringComparison.Ordinal);
                servers.Add(answer[(answer.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..].Split(' ')[0]);
            }

            // The connections were on more than one server, so lb2's own pick could not have matched them all.
            Assert.True(servers.Distinct().Count() >= 2, string.Join(",", servers));

            // ha.flow_handoff: 3s, then the table goes.
            Assert.True(
                await Eventually.TrueAsync(() => LabDataPlanes.HandOffTable(balancers[1].Namespace) is null, TimeSpan.FromSeconds(8)),
                "the hand-off ended after its 3 s");
            Assert.True(lb2.IsMaster);
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }

            await LabDataPlanes.RemoveAsync(balancers);
        }
    }

    public void Dispose()
    {
        if (PrivilegedFactAttribute.SkipReason is null)
        {
            _vips.Reset();
        }

        _vips.Dispose();
    }

    // One request with Connection: close; the answer read to the end (the server's FIN), within 5 s.
    private static async Task<string> RequestAsync(Socket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await socket.SendAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: vip\r\nConnection: close\r\n\r\n"), SocketFlags.None, timeout.Token);
        var answer = new StringBuilder();
        var buffer = new byte[4096];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
        {
            answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return answer.ToString();
    }
}
