using System.Diagnostics;
using System.Net;
using Fulcrum.Integration.Tests.DataPlane;
using Fulcrum.Integration.Tests.Lab;
using Fulcrum.Lab;

namespace Fulcrum.Integration.Tests.Daemon;

/// <summary>
/// <c>fulcrum run</c> on both lab balancers as real processes: traffic through the VIP, the runtime
/// API and its permissions, metrics, a real server failing, reload under traffic, and kill -9 of the
/// master's daemon with and without a restart.
/// </summary>
[Collection(LabTestGroup.Name)]
public sealed class DaemonLabTests(LabFixture fixture)
{
    private static readonly IPEndPoint Web = new(DaemonLab.Vip, 80);

    [PrivilegedFact(Needs = "setpriv")]
    public async Task Both_daemons_spread_traffic_and_the_api_reads_for_anyone_writes_for_root_and_metrics_parse()
    {
        await using var lab = new DaemonLab(fixture.Lab);
        lab.WriteConfig(DaemonLab.Service("web", 80, 1, 2, 3));
        var tokenFile = Path.Combine(lab.Directory.FullName, "token");
        File.WriteAllText(tokenFile, "s3cret-token-0123456789\n");
        var port = FreeLoopbackPort();
        var (lb1, lb2) = await lab.StartBothAsync("--api-listen", $"127.0.0.1:{port}", "--api-token-file", tokenFile);

        // TCP: the token is required, reads included.
        using (var tcp = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await tcp.GetAsync("v1/status")).StatusCode);
            tcp.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "wrong-token-0123456789");
            Assert.Equal(HttpStatusCode.Unauthorized, (await tcp.PostAsync("v1/reload", new StringContent("{}"))).StatusCode);
            tcp.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "s3cret-token-0123456789");
            Assert.Equal(HttpStatusCode.OK, (await tcp.GetAsync("v1/status")).StatusCode);
        }

        // (a) the client is spread over the three real servers through the VIP.
        var counts = await LabHttp.CountAsync(lab.Client.Namespace, Web, 300);
        Assert.DoesNotContain(counts.Keys, k => k.StartsWith("error", StringComparison.Ordinal));
        Assert.Equal(3, counts.Count);
        Assert.All(counts.Values, n => Assert.InRange(n, 60, 140));

        // A second daemon for the same node refuses clearly and changes nothing.
        var second = await Cli.FulcrumProcess.RunAsync("run", lab.ConfigPath, "--node", "lb1", "--netns", lab.Namespace(1), "--state-dir", lab.StateDir);
        Assert.Equal(1, second.Exit);
        Assert.Contains("already runs for this node", second.Stderr, StringComparison.Ordinal);
        Assert.Equal("master", (await lb1.StatusAsync()).Ha!.State);

        // (e) any local user reads; only root writes.
        var nobodyGet = DaemonLab.Run("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "curl", "-s", "-w", "\n%{http_code}", "--unix-socket", lb1.Socket, "http://fulcrum/v1/status");
        Assert.EndsWith("\n200", nobodyGet.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"node\":\"lb1\"", nobodyGet.Stdout, StringComparison.Ordinal);
        var nobodyPost = DaemonLab.Run("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "curl", "-s", "-w", "\n%{http_code}", "--unix-socket", lb1.Socket,
            "-X", "POST", "-d", "{\"server\":\"192.168.20.11:80\"}", "http://fulcrum/v1/servers/drain");
        Assert.EndsWith("\n403", nobodyPost.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, (await lb1.StatusAsync()).Services[0].Servers[0].Weight);

        var drain = await lb1.PostAsync("v1/servers/drain", "{\"service\":\"web\",\"server\":\"192.168.20.11:80\"}");
        Assert.Equal(200, drain.Status);
        var drained = await lb1.StatusAsync();
        Assert.Equal(("drained", 0), (drained.Services[0].Servers[0].Admin, drained.Services[0].Servers[0].Weight));
        var afterDrain = await LabHttp.CountAsync(lab.Client.Namespace, Web, 60);
        Assert.False(
            afterDrain.ContainsKey(lab.Lab.Topology.RealServers[0].Name),
            $"{string.Join(", ", afterDrain)}; lb1 {(await lb1.StatusAsync()).Ha!.State}, lb2 {(await lb2.StatusAsync()).Ha!.State}\nlb1:\n{lb1.Output}");
        Assert.Equal(400, (await lb1.PostAsync("v1/servers/drain", "{\"server\":\"192.168.20.99:80\"}")).Status);
        Assert.Equal(200, (await lb1.PostAsync("v1/servers/enable", "{\"server\":\"192.168.20.11:80\"}")).Status);
        Assert.Equal(409, (await lb2.PostAsync("v1/failover", "{}")).Status);
        var events = await lb1.EventsAsync();
        Assert.Contains(events.Events, e => e.Kind == "admin_write" && e.Fields["uid"] == "0");
        Assert.True(await Eventually.TrueAsync(() => lb1.Output.Contains("refused for uid 65534", StringComparison.Ordinal)), lb1.Output);

        // (f) the scrape parses with Prometheus' own parser and agrees with the status.
        await LabHttp.CountAsync(lab.Client.Namespace, Web, 30);
        var status = await lb1.WaitForAsync(s => s.Services[0].Traffic.PacketsIn > 0);
        // The first scrape: what was recorded before it (the start-up transitions, the first probes) counts.
        var parsed = ParseWithPrometheus(await lb1.Http.GetStringAsync("metrics"));
        var transitions = parsed.Split('\n')
            .Where(l => l.StartsWith("fulcrum_vrrp_transitions ", StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(l.LastIndexOf("value=", StringComparison.Ordinal) + 6)..], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(status.Ha!.Instances.Sum(i => i.Transitions), transitions);

        // Named <meter>_<instrument> once: the instruments do not repeat the meter's name.
        Assert.Contains("fulcrum_vrrp_adverts_sent", parsed, StringComparison.Ordinal);
        Assert.Contains("fulcrum_health_probes", parsed, StringComparison.Ordinal);
        Assert.DoesNotContain("fulcrum_vrrp_fulcrum", parsed, StringComparison.Ordinal);
        Assert.DoesNotContain("fulcrum_health_fulcrum", parsed, StringComparison.Ordinal);
        foreach (var server in status.Services[0].Servers)
        {
            Assert.Contains($"fulcrum_dataplane_server_weight server={server.Address} service=web value={server.Weight}", parsed, StringComparison.Ordinal);
            // The last probe's latency: in the status (the Check column) and as a gauge per target.
            Assert.NotNull(server.CheckLatency);
            Assert.InRange(server.CheckLatency.Value, 0, 0.5); // the lab's http check times out at 500 ms
            Assert.Contains($"fulcrum_health_check_latency check=http target={server.Address} value=", parsed, StringComparison.Ordinal);
        }
    }

    [PrivilegedFact]
    public async Task A_stopped_nginx_leaves_the_pool_within_the_detection_window_and_nothing_fails_after_it()
    {
        await using var lab = new DaemonLab(fixture.Lab);
        lab.WriteConfig(DaemonLab.Service("web", 80, 1, 2, 3));
        var (lb1, _) = await lab.StartBothAsync();
        var rs3 = lab.Lab.Topology.RealServers[2];
        try
        {
            await using var client = new ClientLoop(lab.Client.Namespace, Web);
            await Task.Delay(TimeSpan.FromSeconds(1)); // traffic before the failure (a measurement period, not a wait for a condition)
            var stoppedAt = client.Now;
            new LinuxProcessControl().Terminate(lab.Lab.WebServerPid(rs3)!.Value);
            var status = await lb1.WaitForAsync(s => s.Services[0].Servers[2].Weight == 0, TimeSpan.FromSeconds(10));
            var outAt = client.Now;
            await Task.Delay(TimeSpan.FromSeconds(2)); // traffic after the pool shrank
            await client.DisposeAsync();

            // interval × fall + timeout + slack (probe jitter ±10 %, scheduling on a loaded machine).
            var window = TimeSpan.FromSeconds((1 * 3) + 0.5 + 1.5);
            Assert.True(outAt - stoppedAt < window, $"left the pool after {outAt - stoppedAt}");
            Assert.Equal("down", status.Services[0].Servers[2].Health);
            Assert.All(client.Failures, f => Assert.True(f.At - stoppedAt < window, $"failure at {f.At - stoppedAt}: {f.Outcome}"));
            Assert.DoesNotContain(client.Results, r => r.At > outAt && r.Outcome.StartsWith("error", StringComparison.Ordinal));
            Assert.Contains(client.Results, r => r.At > outAt && r.Outcome == lab.Lab.Topology.RealServers[0].Name);
        }
        finally
        {
            // The shared lab gets its nginx back for the next test.
            var processes = new LinuxProcessControl();
            if (lab.Lab.WebServerPid(rs3) is not { } pid || !processes.IsRunning(pid))
            {
                DaemonLab.Run([.. new NginxSite(rs3, lab.Lab.StateDirectory).StartCommand]);
                Assert.True(await Eventually.TrueAsync(() => lab.Lab.WebServerPid(rs3) is { } started && processes.IsRunning(started), TimeSpan.FromSeconds(10)));
            }
        }
    }

    [PrivilegedFact]
    public async Task A_reload_adding_and_removing_a_service_and_a_real_server_under_traffic_fails_nothing_and_keeps_the_vips()
    {
        await using var lab = new DaemonLab(fixture.Lab);
        lab.WriteConfig(DaemonLab.Service("web", 80, 1, 2) + DaemonLab.Service("old", 8080, 1));
        var (lb1, lb2) = await lab.StartBothAsync();
        using var monitor = AddressMonitor.Start(lab.Namespace(1));
        var before = (await lb2.EventsAsync()).Next - 1;
        Assert.Contains("Start order: health, the data plane, the firewall, then VRRP", lb1.Output, StringComparison.Ordinal);
        var lb1Transitions = (await lb1.StatusAsync()).Ha!.Instances.Sum(i => i.Transitions);

        await using (var client = new ClientLoop(lab.Client.Namespace, Web))
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            lab.WriteConfig(DaemonLab.Service("web", 80, 1, 2, 3) + DaemonLab.Service("new", 8081, 2));
            var reload = await lb1.PostAsync("v1/reload", "{}");
            Assert.True(reload.Status == 200, reload.Body);
            Assert.Contains("add real server 192.168.20.13:80 to web", reload.Body, StringComparison.Ordinal);
            Assert.Contains("remove service old", reload.Body, StringComparison.Ordinal);
            Assert.Contains("add service new", reload.Body, StringComparison.Ordinal);
            lb2.Signal("HUP");
            await lb1.WaitForAsync(s => s.Services.Count == 2 && s.Services[0].Servers.Count == 3 && s.Services[0].Servers.All(r => r.Weight > 0), TimeSpan.FromSeconds(15));

            // And back: the real server and the new service go.
            lab.WriteConfig(DaemonLab.Service("web", 80, 1, 2));
            var back = await lb1.PostAsync("v1/reload", "{}");
            Assert.True(back.Status == 200, back.Body);
            // The removed server is drained first (its flows in progress finish), then leaves the kernel once idle.
            Assert.Contains("drain real server 192.168.20.13:80 of web (weight 1 -> 0)", back.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("remove real server 192.168.20.13:80", back.Body, StringComparison.Ordinal);
            await lb1.WaitForAsync(s => s.Services[0].Servers.Count == 2, TimeSpan.FromSeconds(40));
            Assert.Contains((await lb1.EventsAsync()).Events, e => e.Kind == "dataplane_apply" && e.Message.Contains("remove real server 192.168.20.13:80 from web", StringComparison.Ordinal));

            // An invalid file changes nothing and says why.
            File.WriteAllText(lab.ConfigPath, File.ReadAllText(lab.ConfigPath).Replace("scheduler: wrr", "scheduler: nope", StringComparison.Ordinal));
            var invalid = await lb1.PostAsync("v1/reload", "{}");
            Assert.Equal(422, invalid.Status);
            Assert.Contains("scheduler", invalid.Body, StringComparison.Ordinal);
            await Task.Delay(TimeSpan.FromSeconds(1));
            await client.DisposeAsync();
            Assert.Empty(client.Failures);
            Assert.True(client.Count > 100, $"{client.Count} requests");
        }

        Assert.Equal(lb1Transitions, (await lb1.StatusAsync()).Ha!.Instances.Sum(i => i.Transitions));
        Assert.DoesNotContain((await lb2.EventsAsync(before)).Events, e => e.Kind == "vrrp_transition");
        Assert.Empty(monitor.Deleted());
        Assert.Equal("master", (await lb1.StatusAsync()).Ha!.State);
    }

    [PrivilegedFact]
    public async Task Kill_9_of_the_master_daemon_and_a_restart_within_master_down_fails_nothing_and_changes_no_master()
    {
        // 2 s adverts: the restart (a .NET process start, seconds on a loaded 2-core machine) must
        // fit within lb2's Master_Down_Interval.
        await using var lab = new DaemonLab(fixture.Lab, advert: "2s");
        lab.WriteConfig(DaemonLab.Service("web", 80, 1, 2, 3));
        var (lb1, lb2) = await lab.StartBothAsync();
        using var monitor = AddressMonitor.Start(lab.Namespace(1));
        var before = (await lb2.EventsAsync()).Next - 1;
        Assert.Contains("Start order: health, the data plane, the firewall, then VRRP", lb1.Output, StringComparison.Ordinal);

        await using (var client = new ClientLoop(lab.Client.Namespace, Web))
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            var killed = Stopwatch.StartNew();
            await lb1.KillAsync();
            var restarted = lab.Start(1);
            var status = await restarted.WaitForAsync(s => s.Ha?.State == "master", TimeSpan.FromSeconds(30));
            var resumedAfter = killed.Elapsed;
            await Task.Delay(TimeSpan.FromSeconds(2));
            await client.DisposeAsync();

            // Master_Down_Interval of lb2 (priority 100, advert 2 s) = 6 s + 2 × 156/256 s.
            Assert.True(resumedAfter < TimeSpan.FromSeconds(7.2), $"master again after {resumedAfter}\n{restarted.Output}\nlb2:\n{lb2.Output}");
            Assert.Empty(client.Failures);
            Assert.True(client.Count > 50, $"{client.Count} requests");
            Assert.True(await Eventually.TrueAsync(() => restarted.Output.Contains("every virtual address is still on its interface", StringComparison.Ordinal)), restarted.Output);
            Assert.All(status.Services[0].Servers, r => Assert.True(r.Weight > 0));

            // Every VIP and the data plane were still in place: VRRP started before the data plane's first pass.
            var output = restarted.Output;
            Assert.Contains("Start order: VRRP first", output, StringComparison.Ordinal);
            var vrrpStarted = output.IndexOf("VRRP group lab started", StringComparison.Ordinal);
            var adopted = output.IndexOf("Adopted the kernel's data plane", StringComparison.Ordinal);
            Assert.True(vrrpStarted >= 0 && adopted > vrrpStarted, output);
        }

        Assert.DoesNotContain((await lb2.EventsAsync(before)).Events, e => e.Kind == "vrrp_transition");
        Assert.Equal("backup", (await lb2.StatusAsync()).Ha!.State);
        Assert.Empty(monitor.Deleted());

        // Without a restart the backup takes over.
        var last = lab.Daemons[^1];
        await last.KillAsync();
        await lb2.WaitForAsync(s => s.Ha?.State == "master", TimeSpan.FromSeconds(20));
        Assert.Contains((await lb2.EventsAsync(before)).Events, e => e.Kind == "vrrp_transition" && e.Fields["to"] == "master");
    }

    [PrivilegedFact]
    public async Task A_service_quorum_lost_at_the_first_pass_lowers_the_priority_vrrp_starts_with()
    {
        // lb1's health checks fail from the start (its probes dropped); lb2's pass. lb1 tracks web: 150 - 60 = 90 < 100.
        await using var lab = new DaemonLab(fixture.Lab);
        lab.WriteConfig(DaemonLab.Service("web", 80, 1, 2, 3), TrackWeb);
        using var blocked = ProbesBlocked.In(lab.Namespace(1));
        var lb1 = lab.Start(1);
        var lb2 = lab.Start(2);

        await lb2.WaitForAsync(s => s.Ha?.State == "master" && s.Ha.Instances.All(i => i.EffectivePriority == 100), TimeSpan.FromSeconds(30));
        var status = await lb1.WaitForAsync(s => s.Ha?.State == "backup", TimeSpan.FromSeconds(30));

        // The quorum of the first pass (no server proven yet) came before VRRP started and was not lost.
        Assert.All(status.Ha!.Instances, i => Assert.Equal(90, i.EffectivePriority));
        Assert.Contains("quorum lost", lb1.Output, StringComparison.Ordinal);
        Assert.Equal("master", (await lb2.StatusAsync()).Ha!.State);
    }

    [PrivilegedFact]
    public async Task A_master_restarted_while_its_checks_fail_resumes_first_then_yields_to_the_peer_through_service_tracking()
    {
        // 2 s adverts: the restart fits within lb2's Master_Down_Interval, so lb1 resumes.
        await using var lab = new DaemonLab(fixture.Lab, advert: "2s");
        lab.WriteConfig(DaemonLab.Service("web", 80, 1, 2, 3), TrackWeb);
        var (lb1, lb2) = await lab.StartBothAsync();
        var before = (await lb2.EventsAsync()).Next - 1;

        await lb1.KillAsync();
        using var blocked = ProbesBlocked.In(lab.Namespace(1));
        var restarted = lab.Start(1);
        await restarted.WaitForAsync(s => s.Ha?.State == "master", TimeSpan.FromSeconds(30));
        Assert.Contains("Start order: VRRP first", restarted.Output, StringComparison.Ordinal);
        Assert.DoesNotContain((await lb2.EventsAsync(before)).Events, e => e.Kind == "vrrp_transition" && e.Fields["to"] == "master");

        // The health engine then finds every server down: quorum lost, priority 90, lb2 (100, preempt) takes over.
        var status = await restarted.WaitForAsync(s => s.Ha?.State == "backup", TimeSpan.FromSeconds(40));
        Assert.All(status.Ha!.Instances, i => Assert.Equal(90, i.EffectivePriority));
        Assert.Equal("master", (await lb2.StatusAsync()).Ha!.State);
        Assert.Contains("quorum lost", restarted.Output, StringComparison.Ordinal);
    }

    [PrivilegedFact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task The_daemons_run_hmac_authenticated_vrrp_and_the_notify_program_from_the_config()
    {
        // fulcrum run used to build VRRP without the key (an hmac config failed at VRRP start) and
        // without ha.notify (never run); both now come from the same reading as fulcrum vrrp's.
        await using var lab = new DaemonLab(fixture.Lab);
        var key = Path.Combine(lab.Directory.FullName, "vrrp.key");
        File.WriteAllBytes(key, System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var log = Path.Combine(lab.Directory.FullName, "notify.log");
        var notify = Path.Combine(lab.Directory.FullName, "notify.sh");
        File.WriteAllText(notify, $"#!/bin/sh\necho \"$2 $3 $4 seq=$FULCRUM_VRRP_SEQUENCE\" >> {log}\n");
        File.SetUnixFileMode(notify, (UnixFileMode)0b111_101_101);
        lab.WriteConfig(DaemonLab.Service("web", 80, 1), $"  auth: {{ type: hmac, key_file: {key} }}\n  notify: {notify}");

        // lb2 accepts only adverts that carry a valid HMAC: it stays backup under lb1.
        var (_, lb2) = await lab.StartBothAsync();
        var backup = await lb2.StatusAsync();
        Assert.Equal(["203.0.113.1", "192.168.20.1"], backup.Ha!.Instances.Select(i => i.MasterAddress));

        // Both networks' instances notified MASTER (lb1) and BACKUP (lb2).
        string[] expected = ["public MASTER", "private MASTER", "public BACKUP", "private BACKUP"];
        var notified = await Eventually.TrueAsync(
            () => File.Exists(log) && File.ReadAllLines(log) is var lines && expected.All(e => lines.Any(l => l.StartsWith(e, StringComparison.Ordinal))),
            TimeSpan.FromSeconds(15));
        Assert.True(notified, File.Exists(log) ? File.ReadAllText(log) : "no notify log");
    }

    private const string TrackWeb = "  track:\n    services: { web: -60 }";

    private static int FreeLoopbackPort()
    {
        using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    // Prometheus' own text-format parser (python3-prometheus-client): one line per sample, labels sorted.
    private static string ParseWithPrometheus(string scrape)
    {
        // Debian's python3-prometheus-client is for the system interpreter.
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(
            "import sys\n" +
            "from prometheus_client.parser import text_string_to_metric_families\n" +
            "for f in text_string_to_metric_families(sys.stdin.read()):\n" +
            "    for s in f.samples:\n" +
            "        print(s.name, ' '.join(k + '=' + v for k, v in sorted(s.labels.items())), 'value=%g' % s.value)\n");
        using var python = Process.Start(start)!;
        python.StandardInput.Write(scrape);
        python.StandardInput.Close();
        var output = python.StandardOutput.ReadToEndAsync();
        var errors = python.StandardError.ReadToEnd();
        python.WaitForExit();
        Assert.True(python.ExitCode == 0, $"the scrape does not parse: {errors}\n{scrape}");
        return output.Result;
    }
}
