using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Fulcrum.Core.Config;
using Fulcrum.Core.DataPlane;
using Fulcrum.Core.Net;
using Fulcrum.Lab;
using Fulcrum.Linux.DataPlane;

namespace Fulcrum.Bench;

/// <summary>
/// Requests per second through the VIP vs straight to the real server, with wrk in a lab of its
/// own (one real server, so both paths end at the same nginx). "Direct" still crosses lb1 as a
/// router, with conntrack on: the ratio isolates what the engine adds (dispatch map, slot lookup,
/// DNAT). Keep-alive, then a new connection per request (Connection: close). Runs alternate
/// direct and VIP so noise from other users of the machine hits both alike.
/// </summary>
internal static partial class ThroughputBench
{
    private const double KeepAliveGoal = 0.95;
    private const double NewConnectionGoal = 0.90;

    // Client source port ranges, one per path (see the run loop).
    private const string DirectPorts = "10000 27999";
    private const string VipPorts = "28000 45999";
    private const string HaproxyPorts = "46000 63999";
    private static readonly System.Net.IPAddress HaproxyAddress = System.Net.IPAddress.Parse("203.0.113.101");

    /// <summary>wrk's duration per run (--seconds; bench/run's quick mode shortens it).</summary>
    public static int Seconds { get; set; } = 5;

    public static async Task<bool> RunAsync(int runs)
    {
        if (!(Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':').Any(d => File.Exists(Path.Combine(d, "wrk"))))
        {
            Console.WriteLine("throughput: wrk is not installed (apt-get install -y wrk)");
            return false;
        }

        var prefix = "fb" + RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 3) + "-";
        var lab = NetworkLab.Create(LabTopology.Create(prefix, servers: 1));
        await lab.UpAsync();
        try
        {
            var (lb, client, rs) = (lab.Topology.Balancers[0], lab.Topology.Client, lab.Topology.RealServers[0]);
            await Exec(lab, lb, "ip", "addr", "add", "203.0.113.100/24", "dev", "eth0");
            await Exec(lab, lb, "ip", "addr", "add", $"{LabNetwork.Private.Vip}/24", "dev", "eth1");
            await Exec(lab, client, "ip", "route", "add", "192.168.20.0/24", "via", "203.0.113.1");
            await Exec(lab, client, "sysctl", "-q", "-w", "net.ipv4.ip_local_port_range=1024 65000");
            var server = rs.AddressOn(LabNetwork.Private);
            using (var engine = NftDataPlane.Open(lb.Namespace))
            {
                var web = new VirtualService("web", new ListenEndpoint(DataPlaneModels.Vip, PortRange.Of(80), L4Protocol.Tcp), Scheduler.WeightedRoundRobin,
                    null, [new RealServer(new ServerEndpoint(server, 80), 1)], null, false);
                await engine.ApplyAsync(DataPlanePlanner.Plan(await engine.ReadAsync(CancellationToken.None), new DataPlaneModel([web])), CancellationToken.None);
            }

            // The HAProxy baseline (when installed): TCP mode on lb1, an address of its own, same real server.
            var haproxyPath = HaproxyProcess.Executable;
            Console.WriteLine(haproxyPath is null ? "throughput: haproxy is not installed (apt-get install -y haproxy): no HAProxy baseline" : $"throughput: HAProxy baseline at {HaproxyAddress}:80 on {lb.Name} (TCP mode)");
            if (haproxyPath is not null)
            {
                await Exec(lab, lb, "ip", "addr", "add", $"{HaproxyAddress}/24", "dev", "eth0");
            }

            await using var haproxy = haproxyPath is null ? null
                : await HaproxyProcess.StartAsync(haproxyPath, lb.Namespace, new System.Net.IPEndPoint(HaproxyAddress, 80), new System.Net.IPEndPoint(server, 80));
            var met = true;
            foreach (var (mode, header, goal) in new[] { ("keep-alive", (string?)null, KeepAliveGoal), ("new connection per request", "Connection: close", NewConnectionGoal) })
            {
                var direct = new List<double>();
                var vip = new List<double>();
                var viaHaproxy = new List<double>();
                for (var run = 0; run < runs; run++)
                {
                    // The real server sees the client's own address and ports on both paths: with a
                    // shared port range the second run of a pair met the first run's TIME_WAIT
                    // sockets there (new connection per request), so each path gets its own range.
                    // The order alternates within the pairs as well.
                    if (run % 2 == 0)
                    {
                        direct.Add(await WrkAsync(lab, client, lb, $"http://{server}/", header, DirectPorts));
                        vip.Add(await WrkAsync(lab, client, lb, "http://203.0.113.100/", header, VipPorts));
                    }
                    else
                    {
                        vip.Add(await WrkAsync(lab, client, lb, "http://203.0.113.100/", header, VipPorts));
                        direct.Add(await WrkAsync(lab, client, lb, $"http://{server}/", header, DirectPorts));
                    }

                    if (haproxy is not null)
                    {
                        viaHaproxy.Add(await WrkAsync(lab, client, lb, $"http://{HaproxyAddress}/", header, HaproxyPorts));
                    }
                }

                BenchResults.Record($"throughput {mode} direct", "req/s", direct);
                BenchResults.Record($"throughput {mode} vip", "req/s", vip);
                if (haproxy is not null)
                {
                    BenchResults.Record($"throughput {mode} haproxy", "req/s", viaHaproxy);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"throughput, {mode}: HAProxy median {Median(viaHaproxy):F0} req/s [{string.Join(' ', viaHaproxy.Select(x => x.ToString("F0", CultureInfo.InvariantCulture)))}]; " +
                        $"VIP/HAProxy median of paired runs {Median([.. vip.Zip(viaHaproxy, (x, y) => x / y)]):F3}"));
                }

                var (d, v) = (Median(direct), Median(vip));

                // The two runs of a pair follow each other, so they share the machine's load of the
                // moment: the median of the pairs' ratios is steadier than the ratio of medians.
                var ratio = Median([.. direct.Zip(vip, (x, y) => y / x)]);
                met &= ratio >= goal;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"throughput, {mode}: direct median {d:F0} req/s [{string.Join(' ', direct.Select(x => x.ToString("F0", CultureInfo.InvariantCulture)))}]"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"throughput, {mode}: VIP    median {v:F0} req/s [{string.Join(' ', vip.Select(x => x.ToString("F0", CultureInfo.InvariantCulture)))}]"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  ratio VIP/direct: median of paired runs {ratio:F3} (of medians {v / d:F3}); goal >= {goal:F2}: {(ratio >= goal ? "met" : "NOT met")}"));
            }

            return met;
        }
        finally
        {
            await lab.DownAsync();
        }
    }

    private static async Task<double> WrkAsync(NetworkLab lab, LabNode client, LabNode lb, string url, string? header, string ports)
    {
        await Exec(lab, lb, "conntrack", "-F"); // between phases (PLATFORM.md): old entries must not pin new flows
        await Exec(lab, client, "sysctl", "-q", "-w", $"net.ipv4.ip_local_port_range={ports}"); // the lab client's own namespace
        string[] wrk = header is null
            ? ["wrk", "-t2", "-c50", $"-d{Seconds}s", url]
            : ["wrk", "-t2", "-c50", $"-d{Seconds}s", "-H", header, url];
        var output = (await lab.ExecAsync(client, wrk)).EnsureSuccess().StandardOutput;
        var match = RequestsPerSecond().Match(output);
        if (!match.Success || output.Contains("Socket errors", StringComparison.Ordinal) && !output.Contains("connect 0, read 0, write 0, timeout 0", StringComparison.Ordinal))
        {
            Console.WriteLine("  wrk reported errors or no rate:\n" + output);
        }

        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    private static async Task Exec(NetworkLab lab, LabNode node, params string[] argv)
    {
        var result = await lab.ExecAsync(node, argv);
        if (argv[0] != "conntrack")
        {
            result.EnsureSuccess();
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)")]
    private static partial Regex RequestsPerSecond();
}
