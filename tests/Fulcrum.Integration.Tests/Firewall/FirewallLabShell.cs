using System.Globalization;
using Fulcrum.Integration.Tests.Cli;
using Fulcrum.Integration.Tests.Netlink;
using Fulcrum.Linux.Firewall;

namespace Fulcrum.Integration.Tests.Firewall;

/// <summary>
/// What the firewall's lab tests share: examples/lab.yaml rewritten for a test (its services, admin
/// settings and state directory), the VIPs placed on a balancer by hand, <c>fulcrum apply</c>, the
/// firewall's counters, and the kernel's TCP counters of a namespace.
/// </summary>
internal static class FirewallLabShell
{
    /// <summary>
    /// Writes examples/lab.yaml to <paramref name="directory"/>/lab.yaml with state there, the
    /// <c>services:</c> section replaced by <paramref name="services"/> (YAML list items) when given,
    /// and <c>from: [203.0.113.50/32]</c> replaced by <paramref name="admin"/> when given.
    /// </summary>
    public static string WriteConfig(string directory, string? services = null, string? admin = null)
    {
        string text = File.ReadAllText(Path.Combine(FulcrumProcess.RepoRoot, "examples", "lab.yaml"))
            .Replace("state_dir: /run/fulcrum", $"state_dir: {directory}/state", StringComparison.Ordinal);
        if (services is not null)
        {
            int start = text.IndexOf("\nservices:", StringComparison.Ordinal), end = text.IndexOf("\nfirewall:", StringComparison.Ordinal);
            text = text[..start] + "\nservices:\n" + services + text[end..];
        }

        if (admin is not null)
        {
            text = text.Replace("    from: [203.0.113.50/32]", admin, StringComparison.Ordinal);
        }

        string path = Path.Combine(directory, "lab.yaml");
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>The public and private VIPs on <paramref name="balancer"/>'s interfaces (what VRRP would do).</summary>
    public static void PlaceVips(string balancer)
    {
        Sh("ip", "-n", balancer, "addr", "add", "203.0.113.100/24", "dev", "eth0");
        Sh("ip", "-n", balancer, "addr", "add", "192.168.20.254/24", "dev", "eth1");
    }

    /// <summary><c>fulcrum apply FILE --node NODE --netns NS</c>, which must succeed.</summary>
    public static async Task ApplyAsync(string config, string node, string ns)
    {
        var (exit, _, stderr) = await FulcrumProcess.RunAsync("apply", config, "--node", node, "--netns", ns);
        Assert.True(exit == 0, stderr);
    }

    public static async Task<IReadOnlyDictionary<string, ulong>> CountersAsync(string ns)
    {
        using var firewall = NftFirewall.Open(ns);
        return await firewall.ReadCountersAsync(CancellationToken.None);
    }

    public static async Task RemoveFirewallAsync(string ns)
    {
        using var firewall = NftFirewall.Open(ns);
        await firewall.RemoveAsync(CancellationToken.None);
    }

    /// <summary>A TcpExt counter of <paramref name="ns"/> (/proc/net/netstat is per namespace), e.g. TSEcrRejected.</summary>
    public static long TcpExt(string ns, string name)
    {
        string[] lines = Sh("ip", "netns", "exec", ns, "cat", "/proc/net/netstat").Split('\n');
        for (int i = 0; i + 1 < lines.Length; i++)
        {
            if (lines[i].StartsWith("TcpExt:", StringComparison.Ordinal) && lines[i + 1].StartsWith("TcpExt:", StringComparison.Ordinal))
            {
                string[] names = lines[i].Split(' '), values = lines[i + 1].Split(' ');
                int at = Array.IndexOf(names, name);
                Assert.True(at > 0, $"no TcpExt counter {name} in {ns}");
                return long.Parse(values[at], CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"no TcpExt lines in /proc/net/netstat of {ns}");
    }

    /// <summary>Whether the firewall's set <paramref name="set"/> of <paramref name="ns"/> holds <paramref name="address"/>.</summary>
    public static bool SetHolds(string ns, string set, string address) =>
        Sh("ip", "netns", "exec", ns, "nft", "list", "set", "inet", "fulcrum_filter", set).Contains(address, StringComparison.Ordinal);

    public static string Sh(params string[] argv) => ProcessRunner.Run(argv[0], argv[1..]);

    public static (int Exit, string Output) Run(params string[] argv) => ProcessRunner.RunAllowingFailure(argv);
}
