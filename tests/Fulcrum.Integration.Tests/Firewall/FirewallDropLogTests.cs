using System.Diagnostics;
using Fulcrum.Integration.Tests.Cli;
using Fulcrum.Integration.Tests.Lab;
using Fulcrum.Integration.Tests.Netlink;

namespace Fulcrum.Integration.Tests.Firewall;

/// <summary>
/// What becomes of a dropped packet's log line inside a network namespace, on this kernel: the
/// kernel log (<c>log prefix</c>) prints nothing there unless the host sets
/// net.netfilter.nf_log_all_netns=1 (this test never changes it), the counters count it and
/// <c>fulcrum firewall show --counters</c> prints them, and with <c>log_group</c> the packet reaches
/// an nflog listener in the namespace.
/// </summary>
public sealed class FirewallDropLogTests
{
    [PrivilegedFact(Needs = "tcpdump")]
    public async Task A_dropped_packet_is_counted_shown_by_firewall_show_and_reaches_an_nflog_listener_with_log_group()
    {
        using var node = new FirewallNode();
        using var outside = new TestNamespace("ftfo");
        // The node's eth0 peer moves out, so packets really arrive on eth0 from 203.0.113.9.
        ProcessRunner.Run("ip", "-n", node.Name, "link", "set", "eth0p", "netns", outside.Name);
        ProcessRunner.Run("ip", "-n", outside.Name, "addr", "add", "203.0.113.9/24", "dev", "eth0p");
        ProcessRunner.Run("ip", "-n", outside.Name, "link", "set", "eth0p", "up");
        string config = node.WriteConfig("log-group.yaml", sshPort: 2222);
        await File.WriteAllTextAsync(config, (await File.ReadAllTextAsync(config)).Replace("\nfirewall:\n", "\nfirewall:\n  log_group: 7\n", StringComparison.Ordinal));

        // Kernel log: the dropped packet is counted; whether a line is printed is the host's choice.
        var (exit, _, stderr) = await FulcrumProcess.RunAsync("apply", node.Config, "--node", "lb1", "--netns", node.Name);
        Assert.True(exit == 0, stderr);
        ulong before = InputDrops(await ShowCountersAsync(node));
        Knock(outside.Name, port: 4242);
        Assert.True(InputDrops(await ShowCountersAsync(node)) > before, "input_drop did not count the dropped SYN");
        if (File.ReadAllText("/proc/sys/net/netfilter/nf_log_all_netns").Trim() == "0")
        {
            Assert.DoesNotContain("DPT=4242", ProcessRunner.Run("dmesg"), StringComparison.Ordinal);
        }

        // log_group: the same drop reaches tcpdump on nflog:7 inside the namespace.
        (exit, _, stderr) = await FulcrumProcess.RunAsync("apply", config, "--node", "lb1", "--netns", node.Name);
        Assert.True(exit == 0, stderr);
        Assert.Contains("log prefix \"fulcrum input drop: \" group 7", node.Nft("list", "chain", "inet", "fulcrum_filter", "input"), StringComparison.Ordinal);
        var listener = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { "netns", "exec", node.Name, "tcpdump", "-n", "-l", "-i", "nflog:7" })
        {
            listener.ArgumentList.Add(argument);
        }

        using var tcpdump = Process.Start(listener)!;
        try
        {
            string? line = null;
            var stderrLines = new List<string>();
            // tcpdump says "listening on nflog:7" once it is bound.
            while ((line = await tcpdump.StandardError.ReadLineAsync()) is not null && !line.Contains("listening on", StringComparison.Ordinal))
            {
                stderrLines.Add(line);
            }

            Assert.True(line is not null, "tcpdump did not start: " + string.Join('\n', stderrLines));
            // NFLOG takes no capture filter: read lines until the knock on port 4343 shows up.
            var seen = FirstLineWithAsync(tcpdump.StandardOutput, "203.0.113.9.", "203.0.113.1.4343");
            var clock = Stopwatch.StartNew();
            while (!seen.IsCompleted && clock.Elapsed < TimeSpan.FromSeconds(10))
            {
                Knock(outside.Name, port: 4343);
                await Task.WhenAny(seen, Task.Delay(500));
            }

            Assert.True(seen.IsCompleted && await seen is not null, "no packet from 203.0.113.9 to port 4343 reached nflog group 7");
        }
        finally
        {
            if (!tcpdump.HasExited)
            {
                tcpdump.Kill();
            }

            await tcpdump.WaitForExitAsync();
        }
    }

    private static async Task<string?> FirstLineWithAsync(StreamReader reader, params string[] parts)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            if (parts.All(p => line.Contains(p, StringComparison.Ordinal)))
            {
                return line;
            }
        }

        return null;
    }

    private static ulong InputDrops(string show)
    {
        string line = show.Split('\n').Single(l => l.TrimStart().StartsWith("input/input_drop ", StringComparison.Ordinal));
        return ulong.Parse(line.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<string> ShowCountersAsync(FirewallNode node)
    {
        var (exit, stdout, stderr) = await FulcrumProcess.RunAsync("firewall", "show", node.Config, "--node", "lb1", "--counters", "--netns", node.Name);
        Assert.True(exit == 0, stderr);
        Assert.Contains("counters (packets, table inet fulcrum_filter):", stdout, StringComparison.Ordinal);
        return stdout;
    }

    /// <summary>One TCP SYN from the outside namespace to a closed port of the node (dropped by its input chain).</summary>
    private static void Knock(string ns, int port)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { "netns", "exec", ns, "curl", "-s", "--max-time", "0.3", $"http://203.0.113.1:{port}/" })
        {
            start.ArgumentList.Add(argument);
        }

        using var curl = Process.Start(start)!;
        curl.WaitForExit();
    }
}
