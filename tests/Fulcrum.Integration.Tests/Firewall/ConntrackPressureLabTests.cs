using System.Net;
using Fulcrum.Integration.Tests.Cli;
using Fulcrum.Integration.Tests.Conntrack;
using Fulcrum.Integration.Tests.Daemon;
using Fulcrum.Integration.Tests.Lab;
using Fulcrum.Lab;
using Fulcrum.Linux.Conntrack;
using static Fulcrum.Integration.Tests.Firewall.FirewallLabShell;

namespace Fulcrum.Integration.Tests.Firewall;

/// <summary>
/// A balancer's conntrack table filled in the lab while <c>fulcrum run</c> watches it. The table's
/// limit (nf_conntrack_max) is host-wide and read-only inside a namespace, so the test cannot make
/// it small: it fills lb1's own table, to the host's limit, with flows created through ctnetlink
/// (the same entries a flood leaves: established ones that cannot be evicted, and unanswered ones
/// that can), then sends real connections. The status, <c>fulcrum check</c>, the
/// <c>conntrack_pressure</c> events and the metrics follow: warning at 80 %, critical at 95 %, early
/// drops and drops counted, and back to normal when the table empties.
/// </summary>
public sealed class ConntrackPressureLabTests
{
    [PrivilegedFact]
    public async Task A_filling_table_is_a_warning_at_80_percent_critical_at_95_and_its_drops_are_counted()
    {
        await TestLabOwners.SweepAbandonedAsync();
        await using var owned = OwnedLab.Create(servers: 1);
        NetworkLab lab = owned.Lab;
        await lab.UpAsync();
        string lb1 = lab.Topology.Balancers[0].Namespace, client = lab.Topology.Client.Namespace;
        await using var daemons = new DaemonLab(lab);
        daemons.WriteConfig(DaemonLab.Service("web", 80, 1));
        var daemon = daemons.Start(1);
        var started = await daemon.WaitForAsync(s => s.Ha?.State == "master" && s.Conntrack is not null);
        long max = started.Conntrack!.Max;
        Assert.Equal("normal", started.Conntrack.Level);
        Assert.Equal(0, (await CheckAsync(daemon)).Exit);
        using var seeder = new ConntrackSeeder(lb1);
        int seeded = 0;

        // 80 %: a warning, in the status, an event and the check.
        Seed(seeder, ref seeded, (long)(max * 0.81), assured: true);
        var warning = await daemon.WaitForAsync(s => s.Conntrack is { Level: "warning" });
        Assert.InRange(warning.Conntrack!.Percent, 80, 95);
        var (exit, line) = await CheckAsync(daemon);
        Assert.Equal(1, exit);
        Assert.Contains("conntrack 8", line, StringComparison.Ordinal);

        // 95 %: critical.
        Seed(seeder, ref seeded, (long)(max * 0.96), assured: true);
        await daemon.WaitForAsync(s => s.Conntrack is { Level: "critical" });
        (exit, line) = await CheckAsync(daemon);
        Assert.Equal(2, exit);
        Assert.Contains("conntrack NEARLY FULL", line, StringComparison.Ordinal);

        // Unanswered flows up to the limit: above 95 % the kernel evicts them (early drops).
        Seed(seeder, ref seeded, max, assured: false);
        await daemon.WaitForAsync(s => s.Conntrack is { EarlyDrops: > 0 }, TimeSpan.FromSeconds(30));

        // Full of established flows (nothing to evict): new connections find no room (drops).
        Seed(seeder, ref seeded, max + max / 20, assured: true);
        Run("ip", "netns", "exec", client, "hping3", "-q", "-S", "-p", "80", "-c", "20", "-i", "u10000", "203.0.113.100");
        var full = await daemon.WaitForAsync(s => s.Conntrack is { Drops: > 0 }, TimeSpan.FromSeconds(30));
        Assert.True(full.Conntrack!.Percent > 99, $"the table was only {full.Conntrack.Percent} % full");
        string metrics = await daemon.Http.GetStringAsync("metrics");
        Assert.Contains($"fulcrum_conntrack_max {max}", metrics, StringComparison.Ordinal);
        Assert.Matches(@"fulcrum_conntrack_early_drops [1-9]", metrics);
        Assert.Matches(@"fulcrum_conntrack_drops [1-9]", metrics);
        Assert.Matches(@"fulcrum_conntrack_entries [1-9][0-9]{5}", metrics);

        // Emptied: back to normal, and the events tell the whole story.
        Sh("ip", "netns", "exec", lb1, "conntrack", "-F");
        await daemon.WaitForAsync(s => s.Conntrack is { Level: "normal" });
        var levels = (await daemon.EventsAsync()).Events.Where(e => e.Kind == "conntrack_pressure").Select(e => e.Fields!["level"]).ToList();
        Assert.Equal(["warning", "critical", "normal"], levels);
        Assert.Contains("Conntrack table critical", daemon.Output, StringComparison.Ordinal);
        Assert.Contains("Conntrack: the kernel evicted", daemon.Output, StringComparison.Ordinal);
    }

    /// <summary>
    /// Creates flows in lb1's table, numbered from <paramref name="seeded"/> up to <paramref name="target"/>
    /// (each a distinct source address and port), until the table refuses more (ENOMEM: full, nothing to evict).
    /// </summary>
    private static void Seed(ConntrackSeeder seeder, ref int seeded, long target, bool assured)
    {
        int from = seeded, count = (int)(target - seeded);
        var flows = Enumerable.Range(from, count).Select(i =>
        {
            // 198.18.0.0/15 (RFC 2544, benchmarking): never a lab address. One flow per source port.
            var source = new IPAddress([198, (byte)(18 + (i >> 24 & 1)), (byte)(i >> 16), (byte)(i >> 8)]);
            var flow = ConntrackSeeder.DnatFlow(source, (ushort)(1024 + (i & 0xff)), DaemonLab.Vip, 80, IPAddress.Parse("192.168.20.11"), 80, 0);
            return assured ? flow : flow with { Status = ConntrackStatus.None, TcpState = ConntrackTcpState.SynSent, Timeout = TimeSpan.FromMinutes(2) };
        });
        try
        {
            seeder.Create(flows);
        }
        catch (Fulcrum.Linux.Netlink.NetlinkException)
        {
            // The table is full and nothing in it can be evicted: that is the point.
        }

        seeded = (int)target;
    }

    private static async Task<(int Exit, string Line)> CheckAsync(DaemonProcess daemon)
    {
        var (exit, stdout, stderr) = await FulcrumProcess.RunAsync("check", "--socket", daemon.Socket);
        return (exit, stdout + stderr);
    }
}
