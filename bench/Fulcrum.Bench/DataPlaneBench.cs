using System.Diagnostics;
using System.Globalization;
using Fulcrum.Core.DataPlane;
using Fulcrum.Core.Net;
using Fulcrum.Linux.DataPlane;

namespace Fulcrum.Bench;

/// <summary>
/// The nftables engine against the kernel, in namespaces of its own: a cold apply of 10,000
/// services × 4 real servers in one transaction (baseline: 10 services), and one real-server
/// add, remove and weight change with 10,000 services loaded vs with 10 (the baseline).
/// Only ApplyAsync is timed; planning (a diff over the whole model) is shown apart.
/// </summary>
internal static class DataPlaneBench
{
    private const int Large = 10_000;
    private const int Small = 10;
    private const int Medium = 1_000; // shown between the two, not judged
    private const double ColdGoalMs = 1_000;
    private const double ChangeGoalMs = 2;
    private const double ChangeRatioGoal = 2;

    private static int _appliesWithGc;

    public static async Task<bool> RunAsync(int runs)
    {
        var met = true;
        Console.WriteLine($"dataplane: cold apply of {Large:N0} services x 4 real servers (wrr 1:2:3:4), one transaction, {runs} runs");
        var coldSmall = await ColdAsync(Small, runs);
        var coldMedium = await ColdAsync(Medium, runs);
        var coldLarge = await ColdAsync(Large, runs);
        Console.WriteLine(coldSmall);
        Console.WriteLine(coldMedium);
        Console.WriteLine(coldLarge);
        met &= Report(coldLarge.MedianMs <= ColdGoalMs, $"goal <= {ColdGoalMs} ms; ratio to {Small} services {coldLarge.MedianMs / coldSmall.MedianMs:F1}x");

        var changeRuns = Math.Max(runs * 10 + 1, 51);
        Console.WriteLine($"dataplane: one real-server change with {Large:N0} vs {Small} services loaded, {changeRuns} runs each");
        var small = await ChangesAsync(Small, changeRuns);
        var medium = await ChangesAsync(Medium, changeRuns);
        var large = await ChangesAsync(Large, changeRuns);
        foreach (var (kind, smallResult) in small)
        {
            var largeResult = large[kind];
            Console.WriteLine(smallResult);
            Console.WriteLine(medium[kind]);
            Console.WriteLine(largeResult);
            var ratio = largeResult.MedianMs / smallResult.MedianMs;
            met &= Report(largeResult.MedianMs <= ChangeGoalMs && ratio <= ChangeRatioGoal,
                $"goal <= {ChangeGoalMs} ms and <= {ChangeRatioGoal}x; ratio {ratio:F2}x");
        }

        return met;
    }

    private static bool Report(bool met, string text)
    {
        Console.WriteLine($"  {text}: {(met ? "met" : "NOT met")}");
        return met;
    }

    private static async Task<Measurement> ColdAsync(int services, int runs)
    {
        var desired = DataPlaneModels.Build(services);
        var samples = new List<double>();
        var parts = new List<NftApplyTimings>();
        var gcs = new List<string>();
        for (var run = -1; run < runs; run++)
        {
            using var ns = new BenchNamespace();
            using var engine = NftDataPlane.Open(ns.Name);
            engine.MeasureCpu = true; // one apply of up to a second: two clock reads do not count
            var plan = DataPlanePlanner.Plan(await engine.ReadAsync(CancellationToken.None), desired);
            GC.Collect();
            var collections = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
            var paused = GC.GetTotalPauseDuration();
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var start = Stopwatch.GetTimestamp();
            await engine.ApplyAsync(plan, CancellationToken.None);
            if (run >= 0)
            {
                samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds); // run -1 warms up the JIT
                parts.Add(engine.LastApply);
                gcs.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{GC.CollectionCount(0) - collections.Item1}/{GC.CollectionCount(1) - collections.Item2}/{GC.CollectionCount(2) - collections.Item3} ({(GC.GetTotalPauseDuration() - paused).TotalMilliseconds:F0} ms paused, {(GC.GetAllocatedBytesForCurrentThread() - allocated) / 1e6:F0} MB allocated)"));
            }
        }

        var name = $"cold apply, {services:N0} services";
        PrintParts(name, parts);
        Console.WriteLine($"  {name,-42} GCs during each apply (gen0/gen1/gen2): {string.Join(", ", gcs)}");
        return Measurement.FromSamples(name, samples);
    }

    private static async Task<Dictionary<string, Measurement>> ChangesAsync(int services, int runs)
    {
        using var ns = new BenchNamespace();
        using var engine = NftDataPlane.Open(ns.Name);
        var model = DataPlaneModels.Build(services);
        await engine.ApplyAsync(DataPlanePlanner.Plan(await engine.ReadAsync(CancellationToken.None), model), CancellationToken.None);

        var readStart = Stopwatch.GetTimestamp();
        var adopted = await NftDataPlane.Open(ns.Name).ReadAsync(CancellationToken.None);
        var readMs = Stopwatch.GetElapsedTime(readStart).TotalMilliseconds;
        var countersStart = Stopwatch.GetTimestamp();
        await engine.ReadCountersAsync(CancellationToken.None);
        var countersMs = Stopwatch.GetElapsedTime(countersStart).TotalMilliseconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {services:N0} services: adoption read {readMs:F1} ms (model equal: {adopted.Equals(model)}), counters read {countersMs:F1} ms"));

        // The service in the middle: its server 2 changes weight, a fifth server comes and goes.
        var name = $"s{(services / 2) + 1:D5}";
        var original = model.Find(name)!;
        var reweighted = original with { Servers = [.. original.Servers.Select(s => s.Endpoint.Equals(DataPlaneModels.Endpoint(1)) ? s with { Weight = 7 } : s)] };
        var extra = new RealServer(new ServerEndpoint(System.Net.IPAddress.Parse("192.168.20.99"), 80), 2);
        var grown = original with { Servers = [.. original.Servers, extra] };

        var timings = new Dictionary<string, List<double>> { ["weight change"] = [], ["real server add"] = [], ["real server remove"] = [] };
        var parts = new Dictionary<string, List<NftApplyTimings>> { ["weight change"] = [], ["real server add"] = [], ["real server remove"] = [] };
        var planMs = new List<double>();
        var current = model;
        for (var run = 0; run < runs; run++)
        {
            (current, var weight) = await TimedAsync(engine, current, DataPlaneModels.With(current, reweighted), planMs);
            parts["weight change"].Add(engine.LastApply);
            (current, _) = await TimedAsync(engine, current, DataPlaneModels.With(current, original), planMs);
            (current, var add) = await TimedAsync(engine, current, DataPlaneModels.With(current, grown), planMs);
            parts["real server add"].Add(engine.LastApply);
            (current, var remove) = await TimedAsync(engine, current, DataPlaneModels.With(current, original), planMs);
            parts["real server remove"].Add(engine.LastApply);
            timings["weight change"].Add(weight);
            timings["real server add"].Add(add);
            timings["real server remove"].Add(remove);
        }

        foreach (var (kind, list) in parts)
        {
            PrintParts($"{kind}, {services:N0} services", list);
        }

        planMs.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {services:N0} services: planning (diff of the whole model, not timed above) median {planMs[planMs.Count / 2]:F3} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {services:N0} services: {Interlocked.Exchange(ref _appliesWithGc, 0)} of {planMs.Count} timed applies saw a gen0 GC"));
        return timings.ToDictionary(t => t.Key, t => Measurement.FromSamples($"{t.Key}, {services:N0} services", t.Value));
    }

    /// <summary>
    /// Medians of the parts of the timed applies: translation and encoding run in this process; the
    /// kernel part is sendmsg (nf_tables applies and commits the batch inside it) to the last ACK.
    /// </summary>
    private static void PrintParts(string name, List<NftApplyTimings> parts)
    {
        static double Median(IEnumerable<TimeSpan> values)
        {
            var sorted = values.Select(v => v.TotalMilliseconds).Order().ToArray();
            return sorted.Length == 0 ? double.NaN : sorted[sorted.Length / 2];
        }

        var translate = Median(parts.Select(p => p.Translate));
        var encode = Median(parts.Select(p => p.Encode));
        var kernel = Median(parts.Select(p => p.Kernel));
        var kernelCpu = Median(parts.Select(p => p.KernelCpu));
        var cpu = Median(parts.Select(p => p.Cpu));
        var cut = Median(parts.Select(p => p.CutFlows));
        BenchResults.Record($"{name}: kernel part", "ms", parts.Select(p => p.Kernel.TotalMilliseconds));
        if (cpu > 0)
        {
            BenchResults.Record($"{name}: kernel part, thread CPU", "ms", parts.Select(p => p.KernelCpu.TotalMilliseconds));
            BenchResults.Record($"{name}: thread CPU", "ms", parts.Select(p => p.Cpu.TotalMilliseconds));
        }

        BenchResults.Record($"{name}: user-space part", "ms", parts.Select(p => (p.Translate + p.Encode).TotalMilliseconds));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {name,-42} parts (medians): translate {translate:F3} ms, encode {encode:F3} ms, kernel (sendmsg to last ACK) {kernel:F3} ms, cut flows {cut:F3} ms") +
            (cpu > 0 ? string.Create(CultureInfo.InvariantCulture, $"; thread CPU: kernel {kernelCpu:F3} ms, translate+encode+kernel {cpu:F3} ms") : string.Empty));
    }

    /// <summary>
    /// A profiling aid (<c>dataplane-loop SERVICES SECONDS</c>, e.g. under <c>perf record -g</c>):
    /// loads SERVICES services, then changes one server's weight back and forth for SECONDS.
    /// </summary>
    public static async Task<bool> LoopAsync(int services, int seconds, string? between)
    {
        using var ns = new BenchNamespace();
        using var engine = NftDataPlane.Open(ns.Name);
        var model = DataPlaneModels.Build(services);
        await engine.ApplyAsync(DataPlanePlanner.Plan(await engine.ReadAsync(CancellationToken.None), model), CancellationToken.None);
        var name = $"s{(services / 2) + 1:D5}";
        var original = model.Find(name)!;
        var reweighted = DataPlaneModels.With(model, original with { Servers = [.. original.Servers.Select(s => s.Endpoint.Equals(DataPlaneModels.Endpoint(1)) ? s with { Weight = 7 } : s)] });
        var plans = new[] { DataPlanePlanner.Plan(model, reweighted), DataPlanePlanner.Plan(reweighted, model) };
        engine.MeasureCpu = true;
        var kernel = new List<double>();
        var kernelCpu = new List<double>();
        var user = new List<double>();
        Console.WriteLine($"dataplane-loop: {services:N0} services loaded (pid {Environment.ProcessId}), weight changes for {seconds} s");
        var end = Stopwatch.GetTimestamp() + (seconds * Stopwatch.Frequency);
        var sweep = new byte[64 << 20];
        for (var i = 0; Stopwatch.GetTimestamp() < end; i++)
        {
            if (between is "plan" or "planonly")
            {
                _ = DataPlanePlanner.Plan(i % 2 == 0 ? model : reweighted, i % 2 == 0 ? reweighted : model);
            }

            if (between is "plan" or "gc")
            {
                GC.Collect(0, GCCollectionMode.Forced, blocking: true);
            }
            else if (between == "sweep")
            {
                for (var b = 0; b < sweep.Length; b += 64)
                {
                    sweep[b]++;
                }
            }

            await engine.ApplyAsync(plans[i % 2], CancellationToken.None);
            kernel.Add(engine.LastApply.Kernel.TotalMilliseconds);
            kernelCpu.Add(engine.LastApply.KernelCpu.TotalMilliseconds);
            user.Add((engine.LastApply.Translate + engine.LastApply.Encode).TotalMilliseconds);
        }

        kernel.Sort();
        kernelCpu.Sort();
        user.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"dataplane-loop: {kernel.Count} changes; medians: user space {user[user.Count / 2]:F3} ms, kernel {kernel[kernel.Count / 2]:F3} ms (thread CPU {kernelCpu[kernelCpu.Count / 2]:F3} ms)"));
        return true;
    }

    private static async Task<(DataPlaneModel Model, double Ms)> TimedAsync(NftDataPlane engine, DataPlaneModel current, DataPlaneModel desired, List<double> planMs)
    {
        var planStart = Stopwatch.GetTimestamp();
        var plan = DataPlanePlanner.Plan(current, desired);
        planMs.Add(Stopwatch.GetElapsedTime(planStart).TotalMilliseconds);

        // Planning diffs the whole model and leaves its garbage behind; collect it before the
        // timed apply, so a GC it owes does not land in the apply's time (counted apart below).
        GC.Collect(0, GCCollectionMode.Forced, blocking: true);
        var collections = GC.CollectionCount(0);
        var start = Stopwatch.GetTimestamp();
        await engine.ApplyAsync(plan, CancellationToken.None);
        var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        if (GC.CollectionCount(0) != collections)
        {
            Interlocked.Increment(ref _appliesWithGc);
        }

        return (desired, ms);
    }
}
