using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Fulcrum.Core.Config;
using Fulcrum.Core.DataPlane;
using Fulcrum.Integration.Tests.Cli;
using Fulcrum.Integration.Tests.Lab;
using Fulcrum.Linux.DataPlane;

namespace Fulcrum.Integration.Tests.DataPlane;

/// <summary>
/// The applying process dies (kill -9) at arbitrary moments and is started again while wrk keeps
/// requesting through the VIP: the kernel either committed a whole transaction or none, the
/// restarted process adopts what is there, and no request fails.
/// </summary>
[Collection(LabTestGroup.Name)]
public sealed partial class KillAndRestartTests(LabFixture fixture)
{
    [PrivilegedFact(Needs = "wrk")]
    public async Task Killing_and_restarting_fulcrum_apply_while_wrk_runs_fails_no_request_and_ends_as_intended()
    {
        using var lb = new Balancer(fixture.Lab);
        var directory = Directory.CreateTempSubdirectory("fulcrum-kill-");
        try
        {
            var a = Write(directory, "a.yaml", Services("web", [1, 1, 1], withApi: false));
            var b = Write(directory, "b.yaml", Services("web", [3, 1, 2], withApi: true));
            Assert.Equal(0, (await FulcrumProcess.RunAsync("apply", a, "--node", "lb1", "--netns", lb.Namespace)).Exit);

            var wrk = StartWrk(lb, seconds: 8);
            var delays = new[] { 80, 160, 240, 320, 400, 480, 560, 640 };
            var killed = 0;
            foreach (var (delay, index) in delays.Select((d, i) => (d, i)))
            {
                var target = index % 2 == 0 ? b : a;
                killed += await StartAndKillAsync(target, lb.Namespace, TimeSpan.FromMilliseconds(delay)) ? 1 : 0;
                var restarted = await FulcrumProcess.RunAsync("apply", target, "--node", "lb1", "--netns", lb.Namespace);
                Assert.True(restarted.Exit == 0, restarted.Stderr);
            }

            var final = await FulcrumProcess.RunAsync("apply", b, "--node", "lb1", "--netns", lb.Namespace);
            Assert.True(final.Exit == 0, final.Stderr);
            var report = await wrk.StandardOutput.ReadToEndAsync();
            await wrk.WaitForExitAsync();

            Assert.True(killed >= delays.Length / 2, $"only {killed} of {delays.Length} runs were still alive to be killed");
            Assert.Matches(RequestsLine(), report);
            Assert.DoesNotContain("Socket errors", report, StringComparison.Ordinal);
            Assert.DoesNotContain("Non-2xx", report, StringComparison.Ordinal);
            Assert.True(int.Parse(RequestsLine().Match(report).Groups[1].Value, CultureInfo.InvariantCulture) > 1_000, report);

            using var engine = NftDataPlane.Open(lb.Namespace);
            var expected = DesiredStateBuilder.Build(Assert.IsType<ClusterConfig>(ConfigLoader.Load(b).Config));
            Assert.Equal(expected, await engine.ReadAsync(CancellationToken.None));
            var plan = await FulcrumProcess.RunAsync("plan", b, "--node", "lb1", "--netns", lb.Namespace);
            Assert.Contains("nothing to change", plan.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);

            // apply also installs the gateway firewall; the lab is shared with other tests.
            using var firewall = Fulcrum.Linux.Firewall.NftFirewall.Open(lb.Namespace);
            await firewall.RemoveAsync(CancellationToken.None);
        }
    }

    /// <summary>Starts <c>fulcrum apply</c> and kills it with SIGKILL after <paramref name="delay"/>; true if it was still running.</summary>
    private static async Task<bool> StartAndKillAsync(string config, string ns, TimeSpan delay)
    {
        var start = new ProcessStartInfo(Path.Combine(FulcrumProcess.RepoRoot, "fulcrum"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "apply", config, "--node", "lb1", "--netns", ns })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        await Task.Delay(delay);
        var alive = !process.HasExited;
        if (alive)
        {
            process.Kill(); // SIGKILL, this process only (the script exec's dotnet, so the pid is fulcrum's)
        }

        await process.WaitForExitAsync();
        return alive;
    }

    private static Process StartWrk(Balancer lb, int seconds)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "netns", "exec", lb.Client.Namespace, "wrk", "-t2", "-c16", $"-d{seconds}s", "--timeout", "3s", "http://203.0.113.100/" })
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start)!;
    }

    private static string Write(DirectoryInfo directory, string name, string services)
    {
        var lab = File.ReadAllText(Path.Combine(FulcrumProcess.RepoRoot, "examples", "lab.yaml"));
        var start = lab.IndexOf("\nservices:", StringComparison.Ordinal);
        var end = lab.IndexOf("\nfirewall:", StringComparison.Ordinal);
        var path = Path.Combine(directory.FullName, name);
        File.WriteAllText(path, lab[..start] + "\n" + services + lab[end..]);
        return path;
    }

    private static string Services(string name, int[] weights, bool withApi)
    {
        var text = $"services:\n  - name: {name}\n    listen: 203.0.113.100:80/tcp\n    scheduler: wrr\n    servers:\n" +
            string.Concat(weights.Select((w, i) => $"      - {{ address: 192.168.20.{11 + i}:80, weight: {w} }}\n"));
        if (withApi)
        {
            text += "  - name: api\n    listen: 203.0.113.100:443/tcp\n    scheduler: maglev\n    servers:\n" +
                "      - { address: 192.168.20.11:80 }\n      - { address: 192.168.20.12:80 }\n";
        }

        return text;
    }

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex RequestsLine();
}
