using System.Net;
using Fulcrum.Lab;

namespace Fulcrum.Integration.Tests.Lab;

/// <summary>The lab as built: every node reaches what the seed topology says it should, over each bridge.</summary>
[Collection(LabTestGroup.Name)]
public sealed class LabReachabilityTests(LabFixture fixture)
{
    private NetworkLab Lab => fixture.Lab;
    private LabTopology Topology => Lab.Topology;

    [PrivilegedFact]
    public async Task Client_reaches_both_balancers_on_the_public_network()
    {
        foreach (var balancer in Topology.Balancers)
        {
            await AssertPingsAsync(Topology.Client, balancer.AddressOn(LabNetwork.Public));
        }
    }

    [PrivilegedFact]
    public async Task Balancers_reach_each_other_on_both_networks()
    {
        var (lb1, lb2) = (Topology.Balancers[0], Topology.Balancers[1]);
        foreach (var network in LabTopology.Networks)
        {
            await AssertPingsAsync(lb1, lb2.AddressOn(network));
            await AssertPingsAsync(lb2, lb1.AddressOn(network));
        }
    }

    [PrivilegedFact]
    public async Task Each_balancer_reaches_every_real_server()
    {
        foreach (var balancer in Topology.Balancers)
        {
            foreach (var server in Topology.RealServers)
            {
                await AssertPingsAsync(balancer, server.AddressOn(LabNetwork.Private));
            }
        }
    }

    [PrivilegedFact]
    public async Task Real_servers_name_themselves_and_the_peer_they_saw_and_log_it()
    {
        var lb1 = Topology.Balancers[0];
        var peer = lb1.AddressOn(LabNetwork.Private).ToString();
        foreach (var server in Topology.RealServers)
        {
            var page = await Lab.ExecAsync(lb1, ["curl", "-sS", "--max-time", "5", $"http://{server.AddressOn(LabNetwork.Private)}/"]);

            Assert.Equal($"{server.Name} saw {peer}\n", page.EnsureSuccess().StandardOutput);
            // nginx logs in its log phase, just after the reply has left.
            Assert.True(
                await Eventually.TrueAsync(() => File.ReadAllText(Lab.AccessLogPath(server)).Contains($"peer={peer}:", StringComparison.Ordinal)),
                $"{Lab.AccessLogPath(server)} does not record peer {peer}");
        }
    }

    [PrivilegedFact]
    public async Task Real_servers_route_through_the_private_vip_and_balancers_forward()
    {
        foreach (var server in Topology.RealServers)
        {
            var route = await Lab.ExecAsync(server, ["ip", "route", "show", "default"]);
            Assert.Contains($"default via {LabNetwork.Private.Vip} dev eth0", route.EnsureSuccess().StandardOutput, StringComparison.Ordinal);
        }

        foreach (var balancer in Topology.Balancers)
        {
            var forwarding = await Lab.ExecAsync(balancer, ["cat", "/proc/sys/net/ipv4/ip_forward"]);
            Assert.Equal("1", forwarding.EnsureSuccess().StandardOutput.Trim());
        }
    }

    [PrivilegedFact]
    public async Task Status_reports_every_namespace_with_its_addresses_and_running_nginx()
    {
        var status = await Lab.StatusAsync();

        Assert.Equal(Topology.Namespaces, status.Namespaces.Select(n => n.Name));
        foreach (var node in Topology.Nodes)
        {
            var reported = status.Namespaces.Single(n => n.Name == node.Namespace);
            Assert.Equal(node.Role, reported.Role);
            Assert.Equal("UNKNOWN", reported.Interfaces.Single(i => i.Name == "lo").State); // loopback is up
            foreach (var link in node.Links)
            {
                var reportedLink = reported.Interfaces.Single(i => i.Name == link.Interface);
                Assert.Equal([link.Cidr], reportedLink.Addresses);
                Assert.Equal("UP", reportedLink.State);
            }
        }

        var switchPorts = status.Namespaces.Single(n => n.Name == Topology.SwitchNamespace).Interfaces;
        foreach (var link in Topology.Nodes.SelectMany(n => n.Links))
        {
            Assert.Equal(link.Network.Bridge, switchPorts.Single(i => i.Name == link.SwitchPort).Bridge);
        }

        Assert.Equal(Topology.RealServers.Select(s => s.Name), status.WebServers.Select(w => w.Server));
        Assert.All(status.WebServers, w => Assert.True(w.Running, $"nginx of {w.Server} is not running"));
    }

    private async Task AssertPingsAsync(LabNode from, IPAddress to)
    {
        var ping = await Lab.ExecAsync(from, ["ping", "-n", "-q", "-c", "1", "-W", "2", to.ToString()]);
        Assert.True(ping.Succeeded, $"{from.Name} cannot ping {to}: {ping.StandardOutput}{ping.StandardError}");
    }
}
