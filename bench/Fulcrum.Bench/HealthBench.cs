using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Fulcrum.Core.Collections;
using Fulcrum.Core.Config;
using Fulcrum.Core.Health;
using Fulcrum.Core.Net;
using Fulcrum.Health;
using Fulcrum.Health.Engine;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fulcrum.Bench;

/// <summary>
/// Health checking on loopback. Capacity: 5,000 TCP targets at a 1 s interval (5,000 probes a second)
/// against listeners in a child process; CPU and RSS of this process, and the busiest 100 ms window,
/// per 5 s run, against a same-run baseline (a bare paced connect loop over the same targets).
/// Detection: a listener process is killed and the time to the Down transition is measured.
/// </summary>
internal static class HealthBench
{
    private const int BasePort = 20000;
    private const int Targets = 5000;
    private static readonly TimeSpan RunLength = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(100);

    public static async Task<bool> RunAsync(int runs)
    {
        bool capacity = await CapacityAsync(runs);
        bool detection = await DetectionAsync(Math.Max(runs, 5));
        return capacity && detection;
    }

    private static async Task<bool> CapacityAsync(int runs)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"health capacity: {Targets} TCP targets at 1 s on 127.0.0.1 (listeners in a child process), {runs} runs of {RunLength.TotalSeconds:0} s"));
        using Process listeners = ListenerProcess.Start(BasePort, Targets);
        try
        {
            var baseline = new List<Sample>();
            await using (var loop = new PacedConnectLoop(Targets))
            {
                await Task.Delay(TimeSpan.FromSeconds(2)); // warm-up
                for (int i = 0; i < runs; i++)
                {
                    baseline.Add(await MeasureAsync(() => loop.Probes));
                }
            }

            var samples = new List<Sample>();
            using var meters = new BenchMeterFactory();
            var checker = new CountingChecker(new HealthChecker());
            var engine = new HealthEngine(checker, new HealthMetrics(meters), NullLogger<HealthEngine>.Instance);
            await using (engine)
            {
                var servers = Enumerable.Range(0, Targets)
                    .Select(i => new RealServerConfig(new ServerEndpoint(IPAddress.Loopback, (ushort)(BasePort + i)), 1))
                    .ToEquatableArray();
                var check = new HealthCheckConfig(new TcpProbe(null), TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(500), 2, 3, TimeSpan.Zero);
                var service = new VirtualServiceConfig("bench", new ListenEndpoint(IPAddress.Parse("203.0.113.100"), PortRange.Of(80), L4Protocol.Tcp),
                    Scheduler.WeightedRoundRobin, null, 1, null, check, servers);
                engine.Apply(HealthPlan.Build([service], IPAddress.Loopback));
                await Task.Delay(TimeSpan.FromSeconds(3)); // first probes spread over one interval, then steady state
                for (int i = 0; i < runs; i++)
                {
                    checker.StartWindows();
                    Sample sample = await MeasureAsync(() => checker.Probes);
                    samples.Add(sample with { BusiestWindowRatio = checker.BusiestWindowRatio() });
                }

                var final = engine.Targets();
                int up = final.Count(t => t.Status == HealthStatus.Up);
                string reasons = string.Join("; ", final.Where(t => t.LastResult is { IsHealthy: false })
                    .GroupBy(t => t.LastResult!.Value.Reason).OrderByDescending(g => g.Count()).Take(3).Select(g => $"{g.Count()} x {g.Key}"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  targets up at the end: {up} of {Targets}{(reasons.Length > 0 ? $" (last failures: {reasons})" : "")}"));
            }

            BenchResults.Record("health engine probes/s", "probes/s", samples.Select(s => s.ProbesPerSecond));
            BenchResults.Record("health engine cpu", "% of one core", samples.Select(s => s.CpuPercent));
            BenchResults.Record("health engine rss", "MB", samples.Select(s => s.RssMb));
            BenchResults.Record("health engine busiest window", "x mean", samples.Select(s => s.BusiestWindowRatio));
            BenchResults.Record("health baseline connects/s", "connects/s", baseline.Select(s => s.ProbesPerSecond));
            BenchResults.Record("health baseline cpu", "% of one core", baseline.Select(s => s.CpuPercent));
            double cpu = Median(samples.Select(s => s.CpuPercent));
            double rate = Median(samples.Select(s => s.ProbesPerSecond));
            double rss = samples.Max(s => s.RssMb);
            double burst = samples.Max(s => s.BusiestWindowRatio);
            double baseCpu = Median(baseline.Select(b => b.CpuPercent));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  baseline (bare paced connect loop): {Median(baseline.Select(b => b.ProbesPerSecond)):F0} connects/s, CPU median {baseCpu:F1}% of one core " +
                $"(user {Median(baseline.Select(b => b.UserPercent)):F1}%; runs {string.Join(", ", baseline.Select(b => b.CpuPercent.ToString("F1", CultureInfo.InvariantCulture)))})"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  engine: {rate:F0} probes/s, CPU median {cpu:F1}% of one core (user {Median(samples.Select(s => s.UserPercent)):F1}%; runs {string.Join(", ", samples.Select(s => s.CpuPercent.ToString("F1", CultureInfo.InvariantCulture)))}), " +
                $"max RSS {rss:F0} MB, busiest 100 ms window {burst:F2}x the mean"));
            bool met = cpu <= 25 && rss <= 100 && burst <= 2 && rate >= Targets * 0.95;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  ratio to baseline {cpu / baseCpu:F2}x; goal (>= 4,750 probes/s, <= 25% CPU, <= 100 MB, no window > 2x mean) {(met ? "met" : "NOT met")}"));
            return met;
        }
        finally
        {
            listeners.Kill();
            await listeners.WaitForExitAsync();
        }
    }

    // Detection without a data plane: kill time of the server process -> the engine's Down event.
    private static async Task<bool> DetectionAsync(int runs)
    {
        var check = new HealthCheckConfig(new TcpProbe(null), TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(50), 1, 1, TimeSpan.Zero);
        Console.WriteLine($"health detection: tcp check, interval 100ms, timeout 50ms, fall 1; listener process killed (SIGKILL) -> Down event; {runs} runs");
        var times = new List<double>();
        using var meters = new BenchMeterFactory();
        for (int run = 0; run < runs; run++)
        {
            int port = BasePort + Targets + 10 + run;
            using Process listener = ListenerProcess.Start(port, 1);
            var engine = new HealthEngine(new HealthChecker(), new HealthMetrics(meters), NullLogger<HealthEngine>.Instance, jitter: new ProbeJitter((ulong)run));
            await using (engine)
            {
                var up = new TaskCompletionSource();
                var down = new TaskCompletionSource<long>();
                engine.ServerHealthChanged += (_, e) =>
                {
                    if (e.Change.Current == HealthStatus.Up)
                    {
                        up.TrySetResult();
                    }
                    else if (e.Change.Current == HealthStatus.Down)
                    {
                        down.TrySetResult(Stopwatch.GetTimestamp());
                    }
                };
                var service = new VirtualServiceConfig("detect", new ListenEndpoint(IPAddress.Parse("203.0.113.100"), PortRange.Of(80), L4Protocol.Tcp),
                    Scheduler.WeightedRoundRobin, null, 1, null, check, [new RealServerConfig(new ServerEndpoint(IPAddress.Loopback, (ushort)port), 1)]);
                engine.Apply(HealthPlan.Build([service], IPAddress.Loopback));
                await up.Task.WaitAsync(TimeSpan.FromSeconds(5));
                await Task.Delay(TimeSpan.FromMilliseconds(37 * (run + 1) % 100)); // kill at a different phase each run
                long killed = Stopwatch.GetTimestamp();
                listener.Kill();
                long detected = await down.Task.WaitAsync(TimeSpan.FromSeconds(5));
                times.Add(Stopwatch.GetElapsedTime(killed, detected).TotalMilliseconds);
                await listener.WaitForExitAsync();
            }
        }

        BenchResults.Record("health detection", "ms", times);
        double median = Median(times);
        bool met = median < 1000;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  kill -> Down event: median {median:F0} ms, min {times.Min():F0}, max {times.Max():F0} ({runs} runs); ratio to the interval {median / 100:F2}x; goal (< 1 s) {(met ? "met" : "NOT met")}"));
        return met;
    }

    private static async Task<Sample> MeasureAsync(Func<long> probes)
    {
        (TimeSpan user, TimeSpan system) = ProcessUsage.UserAndSystemTime();
        long count = probes();
        var clock = Stopwatch.StartNew();
        await Task.Delay(RunLength);
        double seconds = clock.Elapsed.TotalSeconds;
        (TimeSpan userAfter, TimeSpan systemAfter) = ProcessUsage.UserAndSystemTime();
        double userPercent = (userAfter - user).TotalSeconds / seconds * 100;
        double systemPercent = (systemAfter - system).TotalSeconds / seconds * 100;
        return new Sample((probes() - count) / seconds, userPercent + systemPercent, ProcessUsage.RssMegabytes(), 0) { UserPercent = userPercent };
    }

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private sealed record Sample(double ProbesPerSecond, double CpuPercent, double RssMb, double BusiestWindowRatio)
    {
        public double UserPercent { get; init; }
    }

    /// <summary>Counts probe starts overall and per 100 ms window of the current run.</summary>
    private sealed class CountingChecker(IHealthChecker inner) : IHealthChecker
    {
        private readonly int[] _windows = new int[(int)(RunLength / Window) + 1];
        private long _probes;
        private long _windowStart = Stopwatch.GetTimestamp();

        public long Probes => Interlocked.Read(ref _probes);

        public void StartWindows()
        {
            Array.Clear(_windows);
            Volatile.Write(ref _windowStart, Stopwatch.GetTimestamp());
        }

        public double BusiestWindowRatio()
        {
            int full = (int)(RunLength / Window) - 1; // the last window may be partial
            double mean = _windows.Take(full).Average();
            return _windows.Take(full).Max() / mean;
        }

        public ValueTask<ProbeResult> CheckAsync(ProbeTarget target, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _probes);
            int window = (int)(Stopwatch.GetElapsedTime(Volatile.Read(ref _windowStart)) / Window);
            if (window < _windows.Length)
            {
                Interlocked.Increment(ref _windows[window]);
            }

            return inner.CheckAsync(target, cancellationToken);
        }
    }

    /// <summary>The baseline: the same connects (and resets) at the same rate from a plain 10 ms tick, no engine.</summary>
    private sealed class PacedConnectLoop : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private long _probes;

        public PacedConnectLoop(int targets) => _loop = RunAsync(targets);

        public long Probes => Interlocked.Read(ref _probes);

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            try
            {
                await _loop;
            }
            catch (OperationCanceledException)
            {
            }

            _stop.Dispose();
        }

        private async Task RunAsync(int targets)
        {
            using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
            int next = 0;
            while (await tick.WaitForNextTickAsync(_stop.Token))
            {
                for (int i = 0; i < targets / 100; i++)
                {
                    int port = BasePort + (next++ % targets);
                    _ = ConnectAsync(port);
                }
            }
        }

        private async Task ConnectAsync(int port)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
                socket.LingerState = new LingerOption(true, 0);
                Interlocked.Increment(ref _probes);
            }
            catch (SocketException)
            {
            }
        }
    }

    private sealed class BenchMeterFactory : IMeterFactory
    {
        private readonly List<Meter> _meters = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options.Name, options.Version, options.Tags, scope: this);
            _meters.Add(meter);
            return meter;
        }

        public void Dispose() => _meters.ForEach(m => m.Dispose());
    }
}
