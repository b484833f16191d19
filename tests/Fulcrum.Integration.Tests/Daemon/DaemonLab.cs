using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Fulcrum.Integration.Tests.Cli;
using Fulcrum.Integration.Tests.DataPlane;
using Fulcrum.Integration.Tests.Netlink;
using Fulcrum.Lab;
using Fulcrum.Linux.Firewall;

namespace Fulcrum.Integration.Tests.Daemon;

/// <summary>
/// Both lab balancers running <c>fulcrum run</c> from a config written for the test (examples/lab.yaml
/// with the advert interval and services given), state in a temporary directory. Dispose stops the
/// daemons (VRRP resigns), deletes the data-plane tables and flushes conntrack, so the shared lab is
/// as the next test expects.
/// </summary>
internal sealed partial class DaemonLab : IAsyncDisposable
{
    public static readonly IPAddress Vip = IPAddress.Parse("203.0.113.100");
    private readonly List<DaemonProcess> _daemons = [];

    public DaemonLab(NetworkLab lab, string advert = "100ms")
    {
        Lab = lab;
        Directory = System.IO.Directory.CreateTempSubdirectory("fulcrum-daemon-");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Directory.FullName, (UnixFileMode)0b111_101_101); // 0755: other users reach the sockets
        }
        StateDir = Path.Combine(Directory.FullName, "state");
        Advert = advert;
        ConfigPath = Path.Combine(Directory.FullName, "fulcrum.yaml");
        ProcessRunner.Run("ip", "netns", "exec", Client.Namespace, "sysctl", "-q", "-w", "net.ipv4.ip_local_port_range=1024 65000");
    }

    public NetworkLab Lab { get; }

    public DirectoryInfo Directory { get; }

    public string StateDir { get; }

    public string Advert { get; }

    public string ConfigPath { get; }

    public LabNode Client => Lab.Topology.Client;

    public string Namespace(int balancer) => Lab.Topology.Balancers[balancer - 1].Namespace;

    public IPAddress Server(int number) => Lab.Topology.RealServers[number - 1].AddressOn(LabNetwork.Private);

    /// <summary>Writes the config with <paramref name="services"/> (YAML under <c>services:</c>) and <paramref name="ha"/> (more lines under <c>ha:</c>).</summary>
    public void WriteConfig(string services, string? ha = null)
    {
        var text = File.ReadAllText(Path.Combine(FulcrumProcess.RepoRoot, "examples", "lab.yaml"));
        text = AdvertLine().Replace(text, $"  advert: {Advert}", 1);
        text = PreemptDelayLine().Replace(text, "  preempt_delay: 0s" + (ha is null ? "" : "\n" + ha), 1);
        var start = text.IndexOf("\nservices:", StringComparison.Ordinal);
        var end = text.IndexOf("\nfirewall:", StringComparison.Ordinal);
        File.WriteAllText(ConfigPath, text[..start] + "\nservices:\n" + services + text[end..]);
    }

    /// <summary>Turns <c>ha.connection_sync</c> on in the config written by <see cref="WriteConfig"/>.</summary>
    public void EnableConnectionSync()
    {
        var text = File.ReadAllText(ConfigPath);
        File.WriteAllText(ConfigPath, PreemptDelayLine().Replace(text, "  preempt_delay: 0s\n  connection_sync: { enabled: true }", 1));
    }

    /// <summary>A service on the public VIP with servers 192.168.20.(10+n):80 and an HTTP check every second.</summary>
    public static string Service(string name, int port, params int[] servers) =>
        $"  - name: {name}\n    listen: 203.0.113.100:{port}/tcp\n    scheduler: wrr\n" +
        "    check:\n      http: { path: /health, status: [200] }\n      interval: 1s\n      timeout: 500ms\n      rise: 2\n      fall: 3\n" +
        "    servers:\n" + string.Concat(servers.Select(n => $"      - {{ address: 192.168.20.{10 + n}:80, weight: 1 }}\n"));

    public IReadOnlyList<DaemonProcess> Daemons => _daemons;

    public DaemonProcess Start(int balancer, params string[] extra)
    {
        var daemon = DaemonProcess.Start(ConfigPath, $"lb{balancer}", Namespace(balancer), StateDir, extra);
        _daemons.Add(daemon);
        return daemon;
    }

    /// <summary>Starts both and waits until lb1 is master with every service's servers healthy, lb2 backup.</summary>
    public async Task<(DaemonProcess Lb1, DaemonProcess Lb2)> StartBothAsync(params string[] lb1Extra)
    {
        var lb1 = Start(1, lb1Extra);
        var lb2 = Start(2);
        await lb1.WaitForAsync(s => s.Ha?.State == "master" && s.Services.All(v => v.Servers.All(r => r.Health == "up" && r.Weight > 0)));
        await lb2.WaitForAsync(s => s.Ha?.State == "backup");
        return (lb1, lb2);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var daemon in _daemons)
        {
            await daemon.DisposeAsync();
        }

        foreach (var ns in new[] { Namespace(1), Namespace(2) })
        {
            // A daemon killed with SIGKILL leaves its VIPs (that is the point); the next test starts without.
            Run("ip", "-n", ns, "addr", "del", "203.0.113.100/24", "dev", "eth0");
            Run("ip", "-n", ns, "addr", "del", "192.168.20.254/24", "dev", "eth1");
            // The data plane, and a flow hand-off a SIGKILLed master left open (inert once its window expired).
            foreach (var table in new[] { "fulcrum", Fulcrum.Linux.Vrrp.NftFlowHandOff.Table })
            {
                try
                {
                    ProcessRunner.Run("ip", "netns", "exec", ns, "nft", "delete", "table", "ip", table);
                }
                catch (InvalidOperationException)
                {
                    // no table
                }
            }

            // The gateway firewall the daemon applied would drop the next test's VRRP and probes
            // that do not come from the peer.
            using (var firewall = NftFirewall.Open(ns))
            {
                await firewall.RemoveAsync(CancellationToken.None);
            }

            try
            {
                ProcessRunner.Run("ip", "netns", "exec", ns, "conntrack", "-F");
            }
            catch (InvalidOperationException)
            {
            }
        }

        Directory.Delete(recursive: true);
    }

    /// <summary>Runs <paramref name="command"/> and returns exit code and stdout.</summary>
    public static (int Exit, string Stdout, string Stderr) Run(params string[] command)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr);
    }

    [GeneratedRegex(@"^  advert: \S+", RegexOptions.Multiline)]
    private static partial Regex AdvertLine();

    [GeneratedRegex(@"^  preempt_delay: \S+", RegexOptions.Multiline)]
    private static partial Regex PreemptDelayLine();
}
