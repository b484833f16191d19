using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Fulcrum.Core.Collections;
using Fulcrum.Core.Config;
using Fulcrum.Core.Health;
using Fulcrum.Core.Net;
using Fulcrum.Health;
using Fulcrum.Health.Engine;
using Fulcrum.Integration.Tests.Lab;
using Fulcrum.Lab;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fulcrum.Integration.Tests.Health;

/// <summary>
/// Every checker against real nginx in the lab, probing from inside lb1 (sockets made in its namespace,
/// bound to its private address): healthy, then stopped, answering 500, wrong body, broken TLS, frozen
/// (slower than the timeout) and flapping; UDP and DNS against responders inside a real server's namespace.
/// </summary>
[Collection(LabTestGroup.Name)]
public sealed class HealthLabTests(HealthLabFixture fixture) : IClassFixture<HealthLabFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    private NetworkLab Lab => fixture.Lab;
    private LabNode Lb1 => Lab.Topology.Balancers[0];
    private IPAddress Source => Lb1.AddressOn(LabNetwork.Private);

    [PrivilegedFact]
    public async Task Every_checker_finds_a_healthy_nginx_healthy_from_inside_lb1()
    {
        LabNode rs1 = Lab.Topology.RealServers[0];
        string script = WriteScript($"exec ip netns exec {Lb1.Namespace} curl -sf -o /dev/null --max-time 2 http://$FULCRUM_SERVER_ADDRESS:$FULCRUM_SERVER_PORT/health");
        try
        {
            var probes = new CheckProbe[]
            {
                new TcpProbe(null),
                Http("/health", contains: "ok rs1", regex: "^ok rs[0-9]+$"),
                new HttpsProbe("/health", [new StatusCodeRange(200, 200)], null, "ok rs1", null, null, 443, "rs1.lab", false),
                new TlsProbe(443, "rs1.lab", false),
                new CommandProbe(script, false),
            };
            foreach (CheckProbe probe in probes)
            {
                ProbeResult result = await ProbeAsync(rs1, probe);
                Assert.True(result.IsHealthy, $"{ProbeKinds.NameOf(probe)}: {result.Reason}");
            }
        }
        finally
        {
            File.Delete(script);
        }
    }

    [PrivilegedFact]
    public async Task Real_nginx_failures_come_back_with_clear_reasons()
    {
        LabNode rs1 = Lab.Topology.RealServers[0];

        Assert.Equal(ProbeResult.Failed(ProbeOutcome.BadStatus, "status 500 (expected 200)"), await ProbeAsync(rs1, Http("/status/500")));
        ProbeResult body = await ProbeAsync(rs1, Http("/health", contains: "maintenance"));
        Assert.Equal(ProbeOutcome.Mismatch, body.Outcome);
        Assert.StartsWith("body mismatch: no 'maintenance'", body.Reason, StringComparison.Ordinal);
        // Verification loads the system trust store the first time, which can be slow on a busy machine.
        ProbeResult verified = await ProbeAsync(rs1, new HttpsProbe("/health", [new StatusCodeRange(200, 200)], null, null, null, null, 443, "rs1.lab", Verify: true), TimeSpan.FromSeconds(10));
        Assert.Equal(ProbeOutcome.TlsError, verified.Outcome); // self-signed: nobody vouches for it
        Assert.Equal(ProbeOutcome.TlsError, (await ProbeAsync(rs1, new TlsProbe(80, null, false))).Outcome); // plain HTTP port
        Assert.Equal(ProbeResult.Failed(ProbeOutcome.Refused, "connection refused"), await ProbeAsync(rs1, new TcpProbe(81)));
    }

    [PrivilegedFact]
    public async Task Stopping_nginx_takes_the_server_out_with_connection_refused()
    {
        LabNode rs3 = Lab.Topology.RealServers[2];
        await using var run = await EngineRun.StartAsync(fixture, Source, rs3.AddressOn(LabNetwork.Private), Check(new TcpProbe(null), rise: 1, fall: 2));
        await run.WaitForAsync(HealthStatus.Up);

        int pid = Lab.WebServerPid(rs3) ?? throw new InvalidOperationException("nginx of rs3 is not running");
        var stopped = Stopwatch.StartNew();
        new LinuxProcessControl().Terminate(pid); // nginx stops its workers and closes its sockets on SIGTERM
        ServerHealthChanged down = await run.WaitForAsync(HealthStatus.Down);

        Assert.Equal("connection refused", down.Change.Result.Reason);
        Assert.True(stopped.Elapsed < TimeSpan.FromSeconds(2), $"noticed after {stopped.Elapsed}");
        Assert.Equal(0, run.Engine.EffectiveWeight("web", new ServerEndpoint(rs3.AddressOn(LabNetwork.Private), 80), 5));
        Assert.False(run.Engine.IsServiceUp("web"));

        // Every connection-based checker names the same cause.
        var others = new CheckProbe[]
        {
            Http("/health"),
            new HttpsProbe("/health", [new StatusCodeRange(200, 200)], null, null, null, null, 443, "rs3.lab", false),
            new TlsProbe(443, "rs3.lab", false),
        };
        foreach (CheckProbe probe in others)
        {
            Assert.Equal(ProbeResult.Failed(ProbeOutcome.Refused, "connection refused"), await ProbeAsync(rs3, probe));
        }
    }

    [PrivilegedFact]
    public async Task A_udp_service_is_up_while_it_answers_and_down_with_port_unreachable_once_stopped()
    {
        LabNode rs2 = Lab.Topology.RealServers[1];
        IPAddress address = rs2.AddressOn(LabNetwork.Private);
        await AnswerEveryPortUnreachableAsync(rs2);
        var responder = LabUdpResponder.Start(rs2.Namespace, address, 7007, request => [.. "PONG "u8, .. request]);
        try
        {
            await using var run = await EngineRun.StartAsync(fixture, Source, address, Check(new UdpProbe(7007, "PING", "PONG"), rise: 1, fall: 2));
            ServerHealthChanged up = await run.WaitForAsync(HealthStatus.Up);
            Assert.Equal(ProbeResult.Healthy("reply of 9 bytes"), up.Change.Result);
            Assert.Equal(ProbeResult.Failed(ProbeOutcome.Mismatch, "reply mismatch: no 'READY' in 9 bytes"), await ProbeAsync(rs2, new UdpProbe(7007, "PING", "READY")));

            responder.Dispose();
            ServerHealthChanged down = await run.WaitForAsync(HealthStatus.Down);

            Assert.Equal(ProbeResult.Failed(ProbeOutcome.Refused, "port unreachable (ICMP)"), down.Change.Result);
            Assert.False(run.Engine.IsServiceUp("web"));
        }
        finally
        {
            responder.Dispose();
        }
    }

    [PrivilegedFact]
    public async Task A_dns_server_is_up_while_it_answers_says_nxdomain_for_unknown_names_and_is_down_once_stopped()
    {
        LabNode rs2 = Lab.Topology.RealServers[1];
        IPAddress address = rs2.AddressOn(LabNetwork.Private);
        await AnswerEveryPortUnreachableAsync(rs2);
        var responder = LabUdpResponder.Start(rs2.Namespace, address, 5353, query => LabDnsAnswers.Answer(query, "www.lab.test", IPAddress.Parse("192.0.2.80")));
        try
        {
            await using var run = await EngineRun.StartAsync(fixture, Source, address, Check(new DnsProbe(5353, "www.lab.test", DnsRecordType.A), rise: 1, fall: 2));
            ServerHealthChanged up = await run.WaitForAsync(HealthStatus.Up);
            Assert.Equal(ProbeResult.Healthy("1 A record(s) for www.lab.test"), up.Change.Result);
            Assert.Equal(ProbeResult.Failed(ProbeOutcome.Mismatch, "NXDOMAIN for nope.lab.test A"), await ProbeAsync(rs2, new DnsProbe(5353, "nope.lab.test", DnsRecordType.A)));

            responder.Dispose();
            ServerHealthChanged down = await run.WaitForAsync(HealthStatus.Down);

            Assert.Equal(ProbeResult.Failed(ProbeOutcome.Refused, "port unreachable (ICMP)"), down.Change.Result);
        }
        finally
        {
            responder.Dispose();
        }
    }

    [PrivilegedFact]
    public async Task A_frozen_nginx_accepts_but_answers_slower_than_the_timeout()
    {
        LabNode rs2 = Lab.Topology.RealServers[1];
        int[] pids = NginxProcesses(rs2);
        await SignalAsync(rs2, "-STOP", pids);
        try
        {
            ProbeResult result = await ProbeAsync(rs2, Http("/health"), TimeSpan.FromMilliseconds(300));

            // The kernel completes the handshake for the frozen listener; the response never comes.
            Assert.Equal(ProbeResult.Failed(ProbeOutcome.Timeout, "timeout after 300ms reading the response"), result);
        }
        finally
        {
            await SignalAsync(rs2, "-CONT", pids);
        }

        Assert.True((await ProbeAsync(rs2, Http("/health"))).IsHealthy);
    }

    [PrivilegedFact]
    public async Task Flapping_every_two_seconds_moves_a_short_hysteresis_but_not_a_long_one()
    {
        LabNode rs1 = Lab.Topology.RealServers[0];
        IPAddress address = rs1.AddressOn(LabNetwork.Private);
        HealthCheckConfig sensitive = Check(new TcpProbe(null), rise: 2, fall: 2, intervalMs: 250, timeoutMs: 150);
        HealthCheckConfig steady = Check(new TcpProbe(null), rise: 12, fall: 12, intervalMs: 250, timeoutMs: 150);
        await using var run = await EngineRun.StartAsync(fixture, Source, address, sensitive, steady);
        await run.WaitForAsync(HealthStatus.Up, count: 2);
        int before = run.Events.Count;

        const int Phases = 6;
        await ExecCheckedAsync(rs1, ["nft", "add", "table", "inet", "fth"]);
        await ExecCheckedAsync(rs1, ["nft", "add", "chain", "inet", "fth", "in", "{ type filter hook input priority 0 ; }"]);
        try
        {
            for (int phase = 0; phase < Phases; phase++)
            {
                await ExecCheckedAsync(rs1, phase % 2 == 0
                    ? ["nft", "add", "rule", "inet", "fth", "in", "tcp", "dport", "80", "drop"]
                    : ["nft", "flush", "chain", "inet", "fth", "in"]);
                await Task.Delay(TimeSpan.FromSeconds(2)); // the flapping period itself, not a wait for an effect
            }
        }
        finally
        {
            await ExecCheckedAsync(rs1, ["nft", "delete", "table", "inet", "fth"]);
        }

        var flapping = run.Events.Skip(before).ToList();
        var shortOnes = flapping.Where(e => e.Target.Check == sensitive).ToList();
        Assert.InRange(shortOnes.Count, 2, Phases); // at most one change per phase, and it did follow
        Assert.All(shortOnes.Where(e => e.Change.Current == HealthStatus.Down), e => Assert.Equal(ProbeOutcome.Timeout, e.Change.Result.Outcome));
        Assert.DoesNotContain(flapping, e => e.Target.Check == steady); // 8 probes per phase never reach 12
    }

    private async Task<ProbeResult> ProbeAsync(LabNode server, CheckProbe probe, TimeSpan? timeout = null)
    {
        var target = ProbeTarget.For(new ServerEndpoint(server.AddressOn(LabNetwork.Private), 80), Check(probe, timeoutMs: (int)(timeout ?? Timeout).TotalMilliseconds, intervalMs: 5000), Source);
        using var cancel = new CancellationTokenSource(target.Check.Timeout);
        return await new HealthChecker(fixture.Lb1Sockets).CheckAsync(target, cancel.Token);
    }

    private static HealthCheckConfig Check(CheckProbe probe, int rise = 2, int fall = 3, int intervalMs = 200, int timeoutMs = 100) =>
        new(probe, TimeSpan.FromMilliseconds(intervalMs), TimeSpan.FromMilliseconds(timeoutMs), rise, fall, TimeSpan.Zero);

    private static HttpProbe Http(string path, string? contains = null, string? regex = null) =>
        new(path, [new StatusCodeRange(200, 200)], null, contains, regex, null, null);

    private int[] NginxProcesses(LabNode server)
    {
        int master = Lab.WebServerPid(server) ?? throw new InvalidOperationException($"nginx of {server.Name} is not running");
        string children = File.ReadAllText(string.Create(CultureInfo.InvariantCulture, $"/proc/{master}/task/{master}/children"));
        return [master, .. children.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p, CultureInfo.InvariantCulture))];
    }

    private async Task SignalAsync(LabNode server, string signal, int[] pids) =>
        await ExecCheckedAsync(server, ["kill", signal, .. pids.Select(p => p.ToString(CultureInfo.InvariantCulture))]);

    // The server's kernel rate-limits ICMP errors per destination (net.ipv4.icmp_ratelimit, 1 s after a
    // burst); probes every 200 ms would then see timeouts instead of "port unreachable". The lab's own
    // namespace only.
    private async Task AnswerEveryPortUnreachableAsync(LabNode server) =>
        await ExecCheckedAsync(server, ["sysctl", "-qw", "net.ipv4.icmp_ratelimit=0"]);

    private async Task ExecCheckedAsync(LabNode node, IReadOnlyList<string> argv) => (await Lab.ExecAsync(node, argv)).EnsureSuccess();

    private static string WriteScript(string body)
    {
        string path = Path.Combine(Path.GetTempPath(), $"fulcrum-lab-check-{Guid.NewGuid():N}.sh");
        File.WriteAllText(path, $"#!/bin/sh\n{body}\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }

    /// <summary>An engine probing one lab server with one or more checks, recording every transition.</summary>
    private sealed class EngineRun : IAsyncDisposable
    {
        private EngineRun(HealthEngine engine) => Engine = engine;

        public HealthEngine Engine { get; }

        public ConcurrentQueue<ServerHealthChanged> Events { get; } = new();

        public static Task<EngineRun> StartAsync(HealthLabFixture fixture, IPAddress source, IPAddress server, params HealthCheckConfig[] checks)
        {
            var meters = new NoMeters();
            var run = new EngineRun(new HealthEngine(new HealthChecker(fixture.Lb1Sockets), new HealthMetrics(meters), NullLogger<HealthEngine>.Instance));
            run.Engine.ServerHealthChanged += (_, e) => run.Events.Enqueue(e);
            var services = checks.Select((check, i) => new VirtualServiceConfig(
                i == 0 ? "web" : $"web{i}",
                new ListenEndpoint(IPAddress.Parse("203.0.113.100"), PortRange.Of((ushort)(80 + i)), L4Protocol.Tcp),
                Scheduler.WeightedRoundRobin, null, 1, null, check,
                [new RealServerConfig(new ServerEndpoint(server, 80), 5)])).ToList();
            run.Engine.Apply(HealthPlan.Build(services, source));
            return Task.FromResult(run);
        }

        public async Task<ServerHealthChanged> WaitForAsync(HealthStatus status, int count = 1)
        {
            Assert.True(
                await Eventually.TrueAsync(() => Events.Count(e => e.Change.Current == status) >= count, TimeSpan.FromSeconds(10)),
                $"no {status} transition; events: {string.Join("; ", Events.Select(e => $"{e.Target} {e.Change.Current} {e.Change.Result.Reason}"))}");
            return Events.Last(e => e.Change.Current == status);
        }

        public ValueTask DisposeAsync() => Engine.DisposeAsync();
    }

    private sealed class NoMeters : System.Diagnostics.Metrics.IMeterFactory
    {
        public System.Diagnostics.Metrics.Meter Create(System.Diagnostics.Metrics.MeterOptions options) => new(options);

        public void Dispose()
        {
        }
    }
}
