using System.Net;
using System.Net.Sockets;
using Fulcrum.Core.Config;
using Fulcrum.Core.DataPlane;
using Fulcrum.Core.Net;
using Fulcrum.Integration.Tests.Lab;

namespace Fulcrum.Integration.Tests.DataPlane;

/// <summary>UDP, port-range and all-ports services; the sorry server; a pool with no usable server.</summary>
[Collection(LabTestGroup.Name)]
public sealed class ListenKindsTests(LabFixture fixture)
{
    [PrivilegedFact]
    public async Task A_udp_service_balances_datagrams_and_replies_come_back_from_the_vip()
    {
        using var lb = new Balancer(fixture.Lab);
        using var rs1 = new EchoServer(fixture.Lab.Topology.RealServers[0].Namespace, "rs1", ProtocolType.Udp, 5353);
        using var rs2 = new EchoServer(fixture.Lab.Topology.RealServers[1].Namespace, "rs2", ProtocolType.Udp, 5353);
        await lb.ApplyAsync(Services.Model(Services.Service("dns", new ListenEndpoint(Balancer.Vip, PortRange.Of(5353), L4Protocol.Udp),
            Scheduler.RoundRobin, [new RealServer(new ServerEndpoint(lb.Server(1), 5353), 1), new RealServer(new ServerEndpoint(lb.Server(2), 5353), 1)])));

        var replies = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            replies.Add(await EchoServer.AskUdpAsync(lb.Client.Namespace, new IPEndPoint(Balancer.Vip, 5353)));
        }

        // A reply that did not come from the VIP would not reach the connected socket: NAT was undone.
        Assert.Equal(2, replies.Count(r => r == "rs1 5353 saw 203.0.113.50"));
        Assert.Equal(2, replies.Count(r => r == "rs2 5353 saw 203.0.113.50"));
    }

    [PrivilegedFact]
    public async Task Port_range_and_all_ports_services_keep_the_clients_destination_port()
    {
        using var lb = new Balancer(fixture.Lab);
        using var range8050 = new EchoServer(fixture.Lab.Topology.RealServers[0].Namespace, "rs1", ProtocolType.Tcp, 8050);
        using var range8100 = new EchoServer(fixture.Lab.Topology.RealServers[0].Namespace, "rs1", ProtocolType.Tcp, 8100);
        using var any = new EchoServer(fixture.Lab.Topology.RealServers[1].Namespace, "rs2", ProtocolType.Tcp, 4711);
        await lb.ApplyAsync(Services.Model(
            Services.Service("range", new ListenEndpoint(Balancer.Vip, new PortRange(8000, 8100), L4Protocol.Tcp), Scheduler.RoundRobin,
                [new RealServer(new ServerEndpoint(lb.Server(1), null), 1)]),
            Services.Service("all", new ListenEndpoint(Balancer.Vip2, PortRange.All, L4Protocol.Tcp), Scheduler.RoundRobin,
                [new RealServer(new ServerEndpoint(lb.Server(2), null), 1)])));

        Assert.Equal("rs1 8050 saw 203.0.113.50", await EchoServer.AskTcpAsync(lb.Client.Namespace, new IPEndPoint(Balancer.Vip, 8050)));
        Assert.Equal("rs1 8100 saw 203.0.113.50", await EchoServer.AskTcpAsync(lb.Client.Namespace, new IPEndPoint(Balancer.Vip, 8100)));
        Assert.Equal("rs2 4711 saw 203.0.113.50", await EchoServer.AskTcpAsync(lb.Client.Namespace, new IPEndPoint(Balancer.Vip2, 4711)));
        Assert.Equal("rs2", (await LabHttp.GetAsync(lb.Client.Namespace, Balancer.At(Balancer.Vip2, 80))).Server);

        // Outside the range the VIP is just a local address with nothing listening.
        var refused = await Assert.ThrowsAsync<SocketException>(() => EchoServer.AskTcpAsync(lb.Client.Namespace, new IPEndPoint(Balancer.Vip, 8101)));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }

    [PrivilegedFact]
    public async Task Without_a_usable_server_the_vip_refuses_and_with_a_sorry_server_it_takes_new_flows()
    {
        using var lb = new Balancer(fixture.Lab);
        var down = Services.Tcp("web", Balancer.Vip, 80, Scheduler.WeightedRoundRobin, [(lb.Server(1), 0), (lb.Server(2), 0)]);
        await lb.ApplyAsync(Services.Model(down));

        // No DNAT: the SYN is for the balancer itself, which has nothing on port 80 and resets.
        var refused = await Assert.ThrowsAsync<SocketException>(() => LabHttp.GetAsync(lb.Client.Namespace, Balancer.At(Balancer.Vip)));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);

        await lb.ApplyAsync(Services.Model(down with { Sorry = new ServerEndpoint(lb.Server(3), 80), SorryActive = true }));
        var sorry = await LabHttp.CountAsync(lb.Client.Namespace, Balancer.At(Balancer.Vip), 20);
        Assert.Equal(20, sorry.GetValueOrDefault("rs3"));

        var up = Services.Tcp("web", Balancer.Vip, 80, Scheduler.WeightedRoundRobin, [(lb.Server(1), 1), (lb.Server(2), 0)]);
        await lb.ApplyAsync(Services.Model(up with { Sorry = new ServerEndpoint(lb.Server(3), 80), SorryActive = false }));
        Assert.Equal(20, (await LabHttp.CountAsync(lb.Client.Namespace, Balancer.At(Balancer.Vip), 20)).GetValueOrDefault("rs1"));
    }
}
