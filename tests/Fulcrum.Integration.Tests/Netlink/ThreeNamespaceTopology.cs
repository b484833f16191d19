namespace Fulcrum.Integration.Tests.Netlink;

/// <summary>
/// client (10.1.0.2) --veth-- lb (10.1.0.1 | 10.2.0.1, forwarding) --veth-- rs (10.2.0.2).
/// Both ends route everything through the lb, as LVS-NAT requires. The veth pairs are created
/// inside the namespaces (<c>ip -n</c>), never in the host's, and vanish with them.
/// </summary>
internal sealed class ThreeNamespaceTopology : IDisposable
{
    public ThreeNamespaceTopology(string prefix = "ftnl")
    {
        Client = new TestNamespace(prefix);
        Balancer = new TestNamespace(prefix);
        RealServer = new TestNamespace(prefix);
        try
        {
            ProcessRunner.Run("ip", "-n", Balancer.Name, "link", "add", "lb0", "type", "veth", "peer", "name", "c0", "netns", Client.Name);
            ProcessRunner.Run("ip", "-n", Balancer.Name, "link", "add", "lb1", "type", "veth", "peer", "name", "r0", "netns", RealServer.Name);
            Configure(Client, "c0", "10.1.0.2/24", gateway: "10.1.0.1");
            Configure(RealServer, "r0", "10.2.0.2/24", gateway: "10.2.0.1");
            Configure(Balancer, "lb0", "10.1.0.1/24", gateway: null);
            Configure(Balancer, "lb1", "10.2.0.1/24", gateway: null);
            Balancer.Exec("sysctl", "-qw", "net.ipv4.ip_forward=1");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public TestNamespace Client { get; }

    public TestNamespace Balancer { get; }

    public TestNamespace RealServer { get; }

    public void Dispose()
    {
        Client.Dispose();
        Balancer.Dispose();
        RealServer.Dispose();
    }

    private static void Configure(TestNamespace ns, string device, string address, string? gateway)
    {
        ProcessRunner.Run("ip", "-n", ns.Name, "link", "set", "lo", "up");
        ProcessRunner.Run("ip", "-n", ns.Name, "addr", "add", address, "dev", device);
        ProcessRunner.Run("ip", "-n", ns.Name, "link", "set", device, "up");
        if (gateway is not null)
        {
            ProcessRunner.Run("ip", "-n", ns.Name, "route", "add", "default", "via", gateway);
        }
    }
}
