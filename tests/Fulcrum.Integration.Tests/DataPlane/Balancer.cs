using System.Net;
using Fulcrum.Core.DataPlane;
using Fulcrum.Lab;
using Fulcrum.Linux.DataPlane;
using Fulcrum.Integration.Tests.Netlink;

namespace Fulcrum.Integration.Tests.DataPlane;

/// <summary>
/// lb1 of the shared lab, set up as the active balancer for one test: the public VIPs and the
/// private VIP (the real servers' gateway) added by hand, conntrack flushed, and the nftables
/// engine opened in its namespace. Dispose removes everything the test added (table, addresses,
/// extra client addresses) and flushes conntrack, so the next test starts clean.
/// </summary>
internal sealed class Balancer : IDisposable
{
    public static readonly IPAddress Vip = IPAddress.Parse("203.0.113.100");
    public static readonly IPAddress Vip2 = IPAddress.Parse("203.0.113.101");
    private readonly List<string> _clientAddresses = [];

    /// <param name="lab">The shared lab.</param>
    /// <param name="features">What the engine may use of nf_tables (NftKernelFeatures.Linux61 to run the older kernels' encodings here); null probes the kernel.</param>
    public Balancer(NetworkLab lab, Fulcrum.Linux.Nftables.NftKernelFeatures? features = null)
    {
        Lab = lab;
        Node = lab.Topology.Balancers[0];
        Client = lab.Topology.Client;
        Ip(Node.Namespace, "addr", "add", "203.0.113.100/24", "dev", "eth0");
        Ip(Node.Namespace, "addr", "add", "203.0.113.101/24", "dev", "eth0");
        Ip(Node.Namespace, "addr", "add", $"{LabNetwork.Private.Vip}/24", "dev", "eth1");
        // Thousands of new connections per test leave client ports in TIME_WAIT; give it room.
        ProcessRunner.Run("ip", "netns", "exec", Client.Namespace, "sysctl", "-q", "-w", "net.ipv4.ip_local_port_range=1024 65000");
        FlushConntrack();
        Engine = NftDataPlane.Open(Node.Namespace, features);
    }

    public NetworkLab Lab { get; }

    public LabNode Node { get; }

    public LabNode Client { get; }

    public string Namespace => Node.Namespace;

    public NftDataPlane Engine { get; }

    public IPAddress Server(int number) => Lab.Topology.RealServers[number - 1].AddressOn(LabNetwork.Private);

    public static IPEndPoint At(IPAddress vip, int port = 80) => new(vip, port);

    /// <summary>Reads the kernel, plans towards <paramref name="desired"/>, applies; returns the plan.</summary>
    public async Task<DataPlanePlan> ApplyAsync(DataPlaneModel desired)
    {
        var current = await Engine.ReadAsync(CancellationToken.None);
        var plan = DataPlanePlanner.Plan(current, desired);
        await Engine.ApplyAsync(plan, CancellationToken.None);
        return plan;
    }

    /// <summary>A second address on the client, to be a second client.</summary>
    public IPAddress AddClientAddress(string address)
    {
        Ip(Client.Namespace, "addr", "add", address + "/24", "dev", "eth0");
        _clientAddresses.Add(address);
        return IPAddress.Parse(address);
    }

    public string Nft(params string[] arguments) => ProcessRunner.Run("ip", ["netns", "exec", Namespace, "nft", .. arguments]);

    /// <summary>Between test phases: entries left by earlier flows must not pin new ones (PLATFORM.md).</summary>
    public void FlushConntrack()
    {
        try
        {
            ProcessRunner.Run("ip", "netns", "exec", Namespace, "conntrack", "-F");
        }
        catch (InvalidOperationException)
        {
            // conntrack -F exits non-zero on an empty table in some versions.
        }
    }

    public void Dispose()
    {
        Engine.Dispose();
        TryRun("ip", "netns", "exec", Namespace, "nft", "delete", "table", "ip", NftLayout.Table);
        TryRun("ip", "-n", Namespace, "addr", "del", "203.0.113.100/24", "dev", "eth0");
        TryRun("ip", "-n", Namespace, "addr", "del", "203.0.113.101/24", "dev", "eth0");
        TryRun("ip", "-n", Namespace, "addr", "del", $"{LabNetwork.Private.Vip}/24", "dev", "eth1");
        foreach (var address in _clientAddresses)
        {
            TryRun("ip", "-n", Client.Namespace, "addr", "del", address + "/24", "dev", "eth0");
        }

        FlushConntrack();
    }

    private static void Ip(string ns, params string[] arguments) => ProcessRunner.Run("ip", ["-n", ns, .. arguments]);

    private static void TryRun(string program, params string[] arguments)
    {
        try
        {
            ProcessRunner.Run(program, arguments);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
