using System.Net;
using System.Net.Sockets;
using System.Text;
using Fulcrum.Linux.Netlink;
using Fulcrum.Linux.Nftables;

namespace Fulcrum.Integration.Tests.Netlink;

/// <summary>Real TCP through DNAT rules written by <see cref="NftablesClient"/>: LVS-NAT keeps the client's address.</summary>
public sealed class NftDnatEndToEndTests
{
    private const string Table = "fulcrum";
    private const NftFamily Ip = LvsNatRuleset.Family;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [NetlinkPrivilegedFact]
    public async Task Dnat_rules_written_by_the_batch_forward_tcp_connections_to_the_real_server()
    {
        using var topology = new ThreeNamespaceTopology();
        using (var client = NftablesClient.Open(topology.Balancer.Name))
        {
            client.Commit(LvsNatRuleset.Create(Table)
                .AddElements(Ip, Table, "services", [LvsNatRuleset.Service("203.0.113.100", 80, "svc1")])
                .AddElements(Ip, Table, "svc1_backends", [LvsNatRuleset.Backend(0, "10.2.0.2", 8080), LvsNatRuleset.Backend(1, "10.2.0.2", 8080)])
                .AddElements(Ip, Table, "direct", [LvsNatRuleset.Direct("203.0.113.101", 443, "10.2.0.2", 8080)]));
        }

        var listener = NetworkNamespace.Run(topology.RealServer.Name, () =>
        {
            var l = new TcpListener(IPAddress.Any, 8080);
            l.Start();
            return l;
        });
        try
        {
            using var cancel = new CancellationTokenSource(Timeout);
            var server = ServeAsync(listener, connections: 2, cancel.Token);

            // Via the verdict map and the numgen backend map, then via the concatenated address.port map.
            Assert.Equal("seen 10.1.0.2 on 10.2.0.2:8080", await RequestAsync(topology.Client.Name, new IPEndPoint(IPAddress.Parse("203.0.113.100"), 80), cancel.Token));
            Assert.Equal("seen 10.1.0.2 on 10.2.0.2:8080", await RequestAsync(topology.Client.Name, new IPEndPoint(IPAddress.Parse("203.0.113.101"), 443), cancel.Token));
            await server;
        }
        finally
        {
            listener.Stop();
            listener.Dispose();
        }
    }

    private static async Task ServeAsync(TcpListener listener, int connections, CancellationToken cancel)
    {
        for (var i = 0; i < connections; i++)
        {
            using var connection = await listener.AcceptTcpClientAsync(cancel);
            var remote = (IPEndPoint)connection.Client.RemoteEndPoint!;
            var local = (IPEndPoint)connection.Client.LocalEndPoint!;
            var reply = Encoding.ASCII.GetBytes($"seen {remote.Address} on {local}");
            await connection.GetStream().WriteAsync(reply, cancel);
        }
    }

    private static async Task<string> RequestAsync(string clientNamespace, IPEndPoint vip, CancellationToken cancel)
    {
        // The socket is created inside the client's namespace and stays there.
        using var socket = NetworkNamespace.Run(clientNamespace, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        await socket.ConnectAsync(vip, cancel);
        var buffer = new byte[256];
        var total = 0;
        int read;
        while ((read = await socket.ReceiveAsync(buffer.AsMemory(total), cancel)) > 0)
        {
            total += read;
        }

        return Encoding.ASCII.GetString(buffer, 0, total);
    }
}
