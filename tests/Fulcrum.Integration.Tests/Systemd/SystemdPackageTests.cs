using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Fulcrum.Core.Status;
using Fulcrum.Integration.Tests.Daemon;
using Fulcrum.Integration.Tests.Lab;
using Xunit.Abstractions;

namespace Fulcrum.Integration.Tests.Systemd;

/// <summary>
/// The Debian package under a real systemd on two balancers (<see cref="SystemdPairFixture"/>), as
/// an operator runs it: install, edit /etc/fulcrum/fulcrum.yaml, <c>systemctl enable --now fulcrum</c>,
/// then reload, crash, hang, upgrade, downgrade, stop and remove it under a client that asks the VIP
/// every 20 ms. The scenarios run in order on the one pair; each leaves lb1 master and lb2 backup.
/// </summary>
[Collection(LabTestGroup.Name)]
[TestCaseOrderer(ScenarioOrderer.Name, ScenarioOrderer.Assembly)]
public sealed partial class SystemdPackageTests(SystemdPairFixture pair, ITestOutputHelper output) : IClassFixture<SystemdPairFixture>
{
    private const string Config = "/etc/fulcrum/fulcrum.yaml";
    private static readonly IPEndPoint Vip = new(IPAddress.Parse("203.0.113.100"), 80);

    private NspawnContainer Lb1 => pair.Lb1;

    private NspawnContainer Lb2 => pair.Lb2;

    [ContainerFact]
    [Scenario(1)]
    public async Task Installed_it_waits_for_the_operator_then_enable_now_returns_once_the_node_is_ready()
    {
        output.WriteLine(string.Join("; ", pair.Timings));
        foreach (var lb in new[] { Lb1, Lb2 })
        {
            // A first install neither enables nor starts it: the starter file describes an example network.
            Assert.Equal("disabled", (await lb.ExecAsync("systemctl", "is-enabled", "fulcrum")).Stdout.Trim());
            Assert.Equal("inactive", (await lb.ExecAsync("systemctl", "is-active", "fulcrum")).Stdout.Trim());
            Assert.Contains("valid", await lb.CheckAsync("fulcrum", "validate"), StringComparison.Ordinal);
            Assert.Contains(Config, await lb.CheckAsync("dpkg-query", "-W", "-f=${Conffiles}", "fulcrum"), StringComparison.Ordinal);
            await File.WriteAllTextAsync(lb.PathOf(Config), SystemdPairFixture.LabConfig());
        }

        var clock = Stopwatch.StartNew();
        await Lb1.CheckAsync("systemctl", "enable", "--now", "fulcrum");
        var started = clock.Elapsed;
        // Type=notify: when start returns, the data plane is applied and VRRP runs.
        var status = await StatusAsync(Lb1, "lb1");
        Assert.Equal("web", Assert.Single(status.Services).Name);
        Assert.NotNull(status.Ha);
        Assert.True(status.Firewall?.Applied, "the firewall is not applied yet");
        await Lb2.CheckAsync("systemctl", "enable", "--now", "fulcrum");
        Assert.NotNull((await StatusAsync(Lb2, "lb2")).Ha);
        await WaitForAsync(Lb1, "lb1", s => s.Ha?.State == "master" && s.Services[0].Servers.All(r => r.Health == "up"));
        await WaitForAsync(Lb2, "lb2", s => s.Ha?.State == "backup");
        output.WriteLine($"systemctl enable --now fulcrum on lb1 returned after {started.TotalSeconds:0.00} s");

        // Commands need no arguments on a balancer: the file is the default one, the node found by address.
        Assert.Contains("Node lb1", await Lb1.CheckAsync("fulcrum", "status"), StringComparison.Ordinal);
        Assert.Contains("Node lb2", await Lb2.CheckAsync("fulcrum", "status"), StringComparison.Ordinal);
        Assert.StartsWith("FULCRUM OK", await Lb1.CheckAsync("fulcrum", "check"), StringComparison.Ordinal);
        await Lb1.CheckAsync("fulcrum", "drain", "192.168.20.13:80");
        Assert.Equal(0, (await StatusAsync(Lb1, "lb1")).Services[0].Servers.Single(s => s.Address == "192.168.20.13:80").Weight);
        await Lb1.CheckAsync("fulcrum", "enable", "192.168.20.13:80");

        // The unit under test is the sandboxed one.
        var pid = await Lb1.CheckAsync("systemctl", "show", "-p", "MainPID", "--value", "fulcrum");
        var capabilities = (await File.ReadAllLinesAsync(Lb1.PathOf($"/proc/{pid.Trim()}/status"))).Single(l => l.StartsWith("CapBnd:", StringComparison.Ordinal));
        Assert.Equal("0000000000803400", capabilities.Split('\t')[1]); // NET_BIND_SERVICE, NET_ADMIN, NET_RAW, SYS_NICE
        Assert.Contains("ProtectSystem=strict", await Lb1.CheckAsync("systemctl", "show", "-p", "ProtectSystem", "fulcrum"), StringComparison.Ordinal);
        var security = await Lb1.CheckAsync("systemd-analyze", "security", "fulcrum.service");
        var score = double.Parse(SecurityScore().Match(security).Groups[1].Value, CultureInfo.InvariantCulture);
        output.WriteLine($"systemd-analyze security fulcrum.service: {score} ");
        Assert.True(score <= 3.0, security);
    }

    [ContainerFact]
    [Scenario(2)]
    public async Task Reload_applies_a_changed_file_with_no_failed_request_and_refuses_an_invalid_one()
    {
        using var addresses = AddressMonitor.Start(pair.Lab.Topology.Balancers[0].Namespace);
        await using var client = new PacedClient(pair.Lab.Topology.Client.Namespace, Vip);
        await client.WaitForMoreAsync(25);
        var before = await StatusAsync(Lb1, "lb1");

        foreach (var lb in new[] { Lb1, Lb2 })
        {
            await File.WriteAllTextAsync(lb.PathOf(Config), SystemdPairFixture.LabConfig(rs3Weight: 3));
        }

        await Lb1.CheckAsync("systemctl", "reload", "fulcrum");
        await Lb2.CheckAsync("systemctl", "reload", "fulcrum");
        var reloaded = await StatusAsync(Lb1, "lb1");
        Assert.Equal(3, reloaded.Services[0].Servers.Single(s => s.Address == "192.168.20.13:80").Weight);
        Assert.NotEqual(before.Config.Sha256, reloaded.Config.Sha256);

        // An invalid file: the reload fails with its errors and nothing changes.
        await File.WriteAllTextAsync(Lb1.PathOf(Config), SystemdPairFixture.LabConfig(rs3Weight: 3).Replace("vrid: 51", "vrid: 300", StringComparison.Ordinal));
        var refused = await Lb1.ExecAsync("systemctl", "reload", "fulcrum");
        Assert.NotEqual(0, refused.Exit);
        Assert.Equal("active", (await Lb1.ExecAsync("systemctl", "is-active", "fulcrum")).Stdout.Trim());
        Assert.Equal(reloaded.Config.Sha256, (await StatusAsync(Lb1, "lb1")).Config.Sha256);
        var journal = await Lb1.CheckAsync("journalctl", "-u", "fulcrum", "--no-pager", "-n", "30", "-o", "cat");
        Assert.Contains("vrid", journal, StringComparison.Ordinal);
        await File.WriteAllTextAsync(Lb1.PathOf(Config), SystemdPairFixture.LabConfig(rs3Weight: 3));

        await client.WaitForMoreAsync(25);
        await client.DisposeAsync();
        output.WriteLine("reload: " + client.Summary());
        Assert.Empty(client.Failures);
        Assert.Empty(addresses.Deleted());
    }

    [ContainerFact]
    [Scenario(3)]
    public async Task Restart_always_brings_a_killed_master_back_before_the_peer_takes_over()
    {
        await using var client = new PacedClient(pair.Lab.Topology.Client.Namespace, Vip);
        await client.WaitForMoreAsync(25);
        long peerTransitions = await TransitionsAsync(Lb2, "lb2");
        var pid = await MainPidAsync(Lb1);

        var clock = Stopwatch.StartNew();
        await Lb1.CheckAsync("systemctl", "kill", "--signal=SIGKILL", "--kill-whom=main", "fulcrum");
        var back = await WaitForAsync(Lb1, "lb1", s => s.Ha?.State == "master" && s.Pid.ToString(CultureInfo.InvariantCulture) != pid);
        output.WriteLine($"SIGKILL of the master's daemon: master again (new pid {back.Pid}) after {clock.Elapsed.TotalSeconds:0.00} s; lb2's Master_Down_Interval is 3.61 s");

        await client.WaitForMoreAsync(50);
        await client.DisposeAsync();
        output.WriteLine("kill -9: " + client.Summary());
        Assert.Empty(client.Failures);
        Assert.True(peerTransitions == await TransitionsAsync(Lb2, "lb2"), "lb2 changed state:\n" + await VrrpJournalAsync(Lb1) + await VrrpJournalAsync(Lb2));
        Assert.Equal("backup", (await StatusAsync(Lb2, "lb2")).Ha?.State);
    }

    [ContainerFact]
    [Scenario(4)]
    public async Task Upgrade_and_downgrade_on_the_master_under_traffic_fail_no_request_and_the_peer_never_moves()
    {
        string version = (await Lb1.CheckAsync("dpkg-query", "-W", "-f=${Version}", "fulcrum")).Trim();
        string newer = await RepackAsync(version + "+1");
        await using var client = new PacedClient(pair.Lab.Topology.Client.Namespace, Vip);
        await client.WaitForMoreAsync(25);
        long peerTransitions = await TransitionsAsync(Lb2, "lb2");

        foreach (var (deb, expected, options) in new[] { (newer, version + "+1", Array.Empty<string>()), (pair.Deb, version, new[] { "--allow-downgrades" }) })
        {
            var pid = await MainPidAsync(Lb1);
            var clock = Stopwatch.StartNew();
            await SystemdPairFixture.InstallAsync(Lb1, deb, options);
            Assert.Equal(expected, (await Lb1.CheckAsync("dpkg-query", "-W", "-f=${Version}", "fulcrum")).Trim());
            var after = await WaitForAsync(Lb1, "lb1", s => s.Ha?.State == "master" && s.Pid.ToString(CultureInfo.InvariantCulture) != pid);
            output.WriteLine($"apt install {Path.GetFileName(deb)}: daemon restarted (pid {pid} -> {after.Pid}), master, {clock.Elapsed.TotalSeconds:0.0} s");
            Assert.Equal("/etc/fulcrum/fulcrum.yaml", after.Config.File);
            // The conffile the operator edited is kept as it is.
            Assert.Equal(SystemdPairFixture.LabConfig(rs3Weight: 3), await File.ReadAllTextAsync(Lb1.PathOf(Config)));
        }

        await client.WaitForMoreAsync(50);
        await client.DisposeAsync();
        output.WriteLine("upgrade and downgrade: " + client.Summary());
        foreach (var gap in await RestartGapsAsync(Lb1))
        {
            output.WriteLine($"restart: last advert of the old daemon -> first of the new one {gap.TotalMilliseconds:0} ms (lb2's Master_Down_Interval 3,609 ms)");
        }

        Assert.Empty(client.Failures);
        Assert.True(peerTransitions == await TransitionsAsync(Lb2, "lb2"), "lb2 changed state:\n" + await VrrpJournalAsync(Lb1) + await VrrpJournalAsync(Lb2));
    }

    [ContainerFact]
    [Scenario(5)]
    public async Task The_watchdog_restarts_a_hung_master_and_the_pair_settles_with_one_master()
    {
        var pid = await MainPidAsync(Lb1);
        var clock = Stopwatch.StartNew();
        await Lb1.CheckAsync("systemctl", "kill", "--signal=SIGSTOP", "--kill-whom=main", "fulcrum");

        var back = await WaitForAsync(Lb1, "lb1", s => s.Pid.ToString(CultureInfo.InvariantCulture) != pid, TimeSpan.FromSeconds(40));
        output.WriteLine($"SIGSTOP of the master's daemon: restarted by the watchdog (pid {back.Pid}) after {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.Contains("Watchdog timeout", await Lb1.CheckAsync("journalctl", "-u", "fulcrum", "--no-pager", "-o", "cat"), StringComparison.Ordinal);

        // One master: lb1 (priority 150, preempt) holds the VIPs, lb2 is backup and holds none.
        await WaitForAsync(Lb1, "lb1", s => s.Ha?.State == "master");
        await WaitForAsync(Lb2, "lb2", s => s.Ha?.State == "backup");
        Assert.True(
            await Eventually.TrueAsync(() => !HoldsVip(pair.Lab.Topology.Balancers[1].Namespace), TimeSpan.FromSeconds(10)),
            "lb2 still holds the VIP");
        Assert.True(HoldsVip(pair.Lab.Topology.Balancers[0].Namespace), "lb1 does not hold the VIP");
    }

    [ContainerFact]
    [Scenario(6)]
    public async Task Stop_on_the_master_hands_over_gracefully_with_no_failed_request()
    {
        await using var client = new PacedClient(pair.Lab.Topology.Client.Namespace, Vip);
        await client.WaitForMoreAsync(25);

        await Lb1.CheckAsync("systemctl", "stop", "fulcrum");
        await WaitForAsync(Lb2, "lb2", s => s.Ha?.State == "master");
        Assert.True(
            await Eventually.TrueAsync(() => !HoldsVip(pair.Lab.Topology.Balancers[0].Namespace), TimeSpan.FromSeconds(10)),
            "lb1 still holds the VIP after stopping");
        await client.WaitForMoreAsync(50);
        await client.DisposeAsync();
        output.WriteLine("systemctl stop on the master: " + client.Summary());
        Assert.Empty(client.Failures);

        await Lb1.CheckAsync("systemctl", "start", "fulcrum");
        await WaitForAsync(Lb1, "lb1", s => s.Ha?.State == "master");
        await WaitForAsync(Lb2, "lb2", s => s.Ha?.State == "backup");
    }

    [ContainerFact]
    [Scenario(7)]
    public async Task The_journal_holds_fulcrum_s_events_with_their_own_fields_and_priorities()
    {
        var entries = (await Lb1.CheckAsync("journalctl", "-u", "fulcrum", "-o", "json", "--no-pager"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(line)!)
            .Where(e => e.ContainsKey("FULCRUM_EVENT_ID"))
            .Select(e => e.Where(f => f.Value.ValueKind == JsonValueKind.String).ToDictionary(f => f.Key, f => f.Value.GetString()!))
            .ToList();

        output.WriteLine("events in lb1's journal: " + string.Join(", ", entries.Select(e => e["FULCRUM_EVENT_ID"] + "/" + e.GetValueOrDefault("FULCRUM_EVENT")).Distinct()));
        var transition = entries.First(e => e["FULCRUM_EVENT"] == "Transition");
        Assert.Equal("5000", transition["FULCRUM_EVENT_ID"]);
        Assert.Contains(transition["FULCRUM_INSTANCE"], new[] { "public", "private" });
        Assert.Equal("6", transition["PRIORITY"]);
        Assert.Equal("lb1", transition["FULCRUM_NODE"]);
        Assert.Equal("lab", transition["FULCRUM_CLUSTER"]);
        Assert.Equal("fulcrum", transition["SYSLOG_IDENTIFIER"]);

        var serverUp = entries.First(e => e["FULCRUM_EVENT"] == "ServerUp");
        Assert.Equal("web", serverUp["FULCRUM_SERVICE"]);
        Assert.Matches(@"^192\.168\.20\.1[123]:80$", serverUp["FULCRUM_SERVER"]);
        Assert.Equal("6", serverUp["PRIORITY"]);

        var serviceDown = entries.First(e => e["FULCRUM_EVENT"] == "ServiceDown"); // at start, before the first probes answered
        Assert.Equal("web", serviceDown["FULCRUM_SERVICE"]);
        Assert.Equal("4", serviceDown["PRIORITY"]);
        var restart = entries.First(e => e["FULCRUM_EVENT_ID"] == "7013"); // the upgrade's SIGUSR2
        Assert.Equal("SIGUSR2", restart["FULCRUM_SIGNAL"]);
    }

    [ContainerFact]
    [Scenario(8)]
    public async Task Remove_stops_gracefully_and_keeps_the_configuration_and_purge_removes_the_state()
    {
        await using var client = new PacedClient(pair.Lab.Topology.Client.Namespace, Vip);
        await client.WaitForMoreAsync(25);

        await Lb1.CheckAsync("apt-get", "remove", "-y", "-q", "fulcrum");
        await WaitForAsync(Lb2, "lb2", s => s.Ha?.State == "master");
        await client.WaitForMoreAsync(50);
        await client.DisposeAsync();
        output.WriteLine("apt remove on the master: " + client.Summary());
        Assert.Empty(client.Failures);
        Assert.Equal("inactive", (await Lb1.ExecAsync("systemctl", "is-active", "fulcrum")).Stdout.Trim());
        Assert.True(File.Exists(Lb1.PathOf(Config)), "apt remove deleted the configuration");
        Assert.True(Directory.Exists(Lb1.PathOf("/run/fulcrum/lb1")), "apt remove deleted the state directory");

        await Lb1.CheckAsync("apt-get", "purge", "-y", "-q", "fulcrum");
        Assert.False(Directory.Exists(Lb1.PathOf("/run/fulcrum")), "apt purge left the state directory");
        Assert.False(File.Exists(Lb1.PathOf(Config)), "apt purge left the configuration");
    }

    [ContainerFact]
    [Scenario(9)]
    public async Task Lintian_reports_no_error()
    {
        if (Fulcrum.Lab.ToolPath.Find("lintian") is null)
        {
            Assert.Fail("lintian is not installed: apt-get install -y lintian");
        }

        var (exit, stdout, stderr) = await NspawnContainer.RunAsync("lintian", "--fail-on", "error", pair.Deb);
        output.WriteLine(stdout + stderr);
        Assert.True(exit == 0, stdout + stderr);
    }

    // Each restart stop (event 5014, sent with the last advert) to the new daemon's next transition to Master.
    private static async Task<List<TimeSpan>> RestartGapsAsync(NspawnContainer lb)
    {
        var entries = (await lb.CheckAsync("journalctl", "-u", "fulcrum", "-o", "json", "--no-pager", "FULCRUM_CATEGORY=Fulcrum.Vrrp"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(line)!)
            .Select(e => (At: long.Parse(e["__REALTIME_TIMESTAMP"].GetString()!, CultureInfo.InvariantCulture), Id: e["FULCRUM_EVENT_ID"].GetString(), To: e.TryGetValue("FULCRUM_TO", out var to) ? to.GetString() : null))
            .ToList();
        var gaps = new List<TimeSpan>();
        for (int i = 0; i < entries.Count; i++)
        {
            if (entries[i].Id == "5014" && entries.Skip(i + 1).FirstOrDefault(e => e.To == "Master") is { Id: not null } master)
            {
                gaps.Add(TimeSpan.FromMicroseconds(master.At - entries[i].At));
            }
        }

        return gaps;
    }

    private static async Task<string> VrrpJournalAsync(NspawnContainer lb)
    {
        var journal = (await lb.ExecAsync("journalctl", "-u", "fulcrum", "--no-pager", "-o", "short-precise", "-n", "300")).Stdout;
        return string.Join("\n", journal.Split('\n').Where(l => l.Contains("VRRP", StringComparison.Ordinal) || l.Contains("Stopping", StringComparison.Ordinal) || l.Contains("Starting", StringComparison.Ordinal))) + "\n";
    }

    private static bool HoldsVip(string ns) =>
        DaemonLab.Run("ip", "-n", ns, "-4", "-o", "addr", "show", "dev", "eth0").Stdout.Contains("203.0.113.100/", StringComparison.Ordinal);

    private static async Task<string> MainPidAsync(NspawnContainer lb) =>
        (await lb.CheckAsync("systemctl", "show", "-p", "MainPID", "--value", "fulcrum")).Trim();

    private static async Task<long> TransitionsAsync(NspawnContainer lb, string node) =>
        (await StatusAsync(lb, node)).Ha!.Instances.Sum(i => i.Transitions);

    // `fulcrum status --json` inside the container, as an operator (or a monitoring agent) asks: the
    // API's JSON. A Unix socket cannot be reached from outside the container's mount namespace.
    private static async Task<StatusSnapshot> StatusAsync(NspawnContainer lb, string node)
    {
        // --socket: the scenarios also leave an invalid file in place for a while.
        var (exit, stdout, stderr) = await lb.ExecAsync("fulcrum", "status", "--json", "--socket", $"/run/fulcrum/{node}/api.sock");
        if (exit != 0)
        {
            throw new IOException($"fulcrum status on {node}: {stderr.Trim()}");
        }

        return JsonSerializer.Deserialize<StatusSnapshot>(stdout, StatusJson.Options)!;
    }

    private static async Task<StatusSnapshot> WaitForAsync(NspawnContainer lb, string node, Func<StatusSnapshot, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.StartNew();
        StatusSnapshot? last = null;
        string? error = null;
        while (deadline.Elapsed < (timeout ?? TimeSpan.FromSeconds(30)))
        {
            try
            {
                last = await StatusAsync(lb, node);
                if (condition(last))
                {
                    return last;
                }
            }
            catch (Exception e) when (e is HttpRequestException or System.Net.Sockets.SocketException or IOException)
            {
                error = e.Message; // the daemon is restarting
            }

            await Task.Delay(50);
        }

        var journal = (await lb.ExecAsync("journalctl", "-u", "fulcrum", "--no-pager", "-n", "40", "-o", "short-precise")).Stdout;
        Assert.Fail($"{node}: condition not met; last status {(last is null ? "none" : JsonSerializer.Serialize(last, StatusJson.Options))}; last error {error}\n{journal}");
        return last!;
    }

    // A copy of the package with another version: what an upgrade to the next build looks like to
    // dpkg and systemd (the same program; the maintainer scripts and the restart are what is tested).
    private async Task<string> RepackAsync(string version)
    {
        string tree = Path.Combine(pair.Work, "repack");
        string deb = Path.Combine(pair.Work, $"fulcrum_{version}_amd64.deb");
        await CheckHostAsync("dpkg-deb", "-R", pair.Deb, tree);
        string control = Path.Combine(tree, "DEBIAN", "control");
        var lines = (await File.ReadAllLinesAsync(control)).Select(l => l.StartsWith("Version: ", StringComparison.Ordinal) ? "Version: " + version : l);
        await File.WriteAllLinesAsync(control, lines);
        await CheckHostAsync("dpkg-deb", "--root-owner-group", "-Zgzip", "-z1", "--build", tree, deb);
        Directory.Delete(tree, recursive: true);
        return deb;
    }

    private static async Task CheckHostAsync(params string[] command)
    {
        var (exit, stdout, stderr) = await NspawnContainer.RunAsync(command);
        Assert.True(exit == 0, $"{string.Join(' ', command)} exited {exit}: {stdout}{stderr}");
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"Overall exposure level for fulcrum\.service: ([0-9.]+)")]
    private static partial System.Text.RegularExpressions.Regex SecurityScore();
}
