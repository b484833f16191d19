using System.Diagnostics;
using System.Globalization;
using System.Net;
using Fulcrum.Core.Net;
using Fulcrum.Integration.Tests.Netlink;
using Fulcrum.Linux.Conntrack;
using Xunit.Abstractions;

namespace Fulcrum.Integration.Tests.Conntrack;

/// <summary>
/// Can the "current connections per real server" counter afford a full dump every second? Fills a
/// namespace's table with 10,000 and 100,000 DNAT'ed flows over 10 backends and times the dump,
/// the per-mark aggregation, a kernel-filtered dump and deleting one backend's flows, next to
/// <c>conntrack -L</c>. Prints the numbers and asserts exact counts, not times (speed goals live in bench/).
/// </summary>
public sealed class ConntrackScaleMeasurementTests(ITestOutputHelper output)
{
    private const int Backends = 10;
    private const int Repeats = 5;
    private static readonly IPAddress Vip = IPAddress.Parse("203.0.113.10");

    [ConntrackPrivilegedFact]
    public void Dump_and_count_10000_and_100000_entries()
    {
        // Measure asserts that every dump, count and delete is exact; the times are printed, not asserted.
        Measure(10_000);
        Measure(100_000);
    }

    [ConntrackPrivilegedFact]
    public void Event_counter_keeps_up_with_100000_new_flows_and_reads_in_microseconds()
    {
        const int Entries = 100_000;

        // Baseline: the same seeding with nobody listening, for the CPU the counter adds.
        var (seedWall, seedCpu) = SeedMeasured(counted: false, Entries, out _);
        var (wall, cpu) = SeedMeasured(counted: true, Entries, out var result);

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"event counter, {Entries} NEW events (8 MiB buffer): caught up {result.Lag.TotalMilliseconds:F0} ms after the last create; " +
            $"seed+follow {wall.TotalMilliseconds:F0} ms wall / {cpu.TotalMilliseconds:F0} ms cpu vs seed alone {seedWall.TotalMilliseconds:F0} ms / {seedCpu.TotalMilliseconds:F0} ms " +
            $"=> ~{(cpu - seedCpu).TotalMicroseconds / Entries:F1} us cpu per event; {result.Resyncs} resync(s) (1 = the initial dump); " +
            $"Snapshot median {result.Snapshot.TotalMicroseconds:F0} us; 10,000 DESTROY events (DeleteFlowsTo one backend) followed in {result.Destroy.TotalMilliseconds:F0} ms"));
    }

    private static (TimeSpan Wall, TimeSpan Cpu) SeedMeasured(bool counted, int entries, out (TimeSpan Lag, int Resyncs, TimeSpan Snapshot, TimeSpan Destroy) result)
    {
        using var ns = new TestNamespace("ftct");
        ns.Exec("sysctl", "-qw", "net.netfilter.nf_conntrack_events=1");
        using var counter = counted ? ConntrackEventCounter.Start(ns.Name) : null;
        using var seeder = new ConntrackSeeder(ns.Name);
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpu = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        seeder.Create(Flows(entries));
        var seeded = watch.Elapsed;
        result = default;
        if (counter is not null)
        {
            WaitUntil(() => counter.Snapshot().Values.Sum(c => c.Total) == entries);
            result.Lag = watch.Elapsed - seeded;
        }

        var wall = watch.Elapsed;
        process.Refresh();
        var used = process.TotalProcessorTime - cpu;
        if (counter is null)
        {
            return (wall, used);
        }

        var snapshots = new List<TimeSpan>();
        for (var i = 0; i < 101; i++)
        {
            var snapshot = Stopwatch.StartNew();
            counter.Snapshot();
            snapshots.Add(snapshot.Elapsed);
        }

        using var client = ConntrackClient.Open(ns.Name);
        var destroy = Stopwatch.StartNew();
        client.DeleteFlowsTo(new ConntrackFlowSelector(L4Protocol.Tcp, Vip, PortRange.Of(80), Server(4)));
        WaitUntil(() => !counter.Snapshot().ContainsKey(5));
        result.Destroy = destroy.Elapsed;
        result.Snapshot = snapshots.Order().ElementAt(50);
        result.Resyncs = counter.Resyncs;
        Assert.Equal(entries / Backends * (Backends - 1), counter.Snapshot().Values.Sum(c => c.Total));
        return (wall, used);
    }

    private static void WaitUntil(Func<bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60), "the event counter did not catch up in time");
            Thread.Sleep(5);
        }
    }

    private (TimeSpan CountMedian, TimeSpan ListMedian) Measure(int entries)
    {
        using var ns = new TestNamespace("ftct");
        var seed = Stopwatch.StartNew();
        using (var seeder = new ConntrackSeeder(ns.Name))
        {
            seeder.Create(Flows(entries));
        }

        seed.Stop();
        using var client = ConntrackClient.Open(ns.Name);

        IReadOnlyDictionary<uint, ConnectionCounts> counts = new Dictionary<uint, ConnectionCounts>();
        var (countWall, countCpu) = Time(() => counts = client.CountByMark());
        Assert.Equal(Backends, counts.Count);
        Assert.Equal(entries, counts.Values.Sum(c => c.Total));

        IReadOnlyList<ConntrackEntry> all = [];
        var (listWall, listCpu) = Time(() => all = client.List());
        Assert.Equal(entries, all.Count);

        IReadOnlyList<ConntrackEntry> oneMark = [];
        var (markWall, _) = Time(() => oneMark = client.List(new ConntrackFilter { Mark = 3 }));
        Assert.Equal(entries / Backends, oneMark.Count);

        var conntrackL = Stopwatch.StartNew();
        var lines = ConntrackClientKernelTests.CountLines(ns.Exec("conntrack", "-L"));
        conntrackL.Stop();
        Assert.Equal(entries, lines);

        var delete = Stopwatch.StartNew();
        var deleted = client.DeleteFlowsTo(new ConntrackFlowSelector(L4Protocol.Tcp, Vip, PortRange.Of(80), Server(4)));
        delete.Stop();
        Assert.Equal(entries / Backends, deleted);

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{entries,7} entries: seed (CT_NEW x256/datagram) {seed.Elapsed.TotalMilliseconds:F0} ms; " +
            $"CountByMark median {countWall.TotalMilliseconds:F1} ms wall / {countCpu.TotalMilliseconds:F1} ms cpu; " +
            $"List (all, records) median {listWall.TotalMilliseconds:F1} ms wall / {listCpu.TotalMilliseconds:F1} ms cpu; " +
            $"List(mark 3, kernel-filtered, {oneMark.Count}) median {markWall.TotalMilliseconds:F1} ms; " +
            $"conntrack -L {conntrackL.Elapsed.TotalMilliseconds:F0} ms; " +
            $"DeleteFlowsTo one backend ({deleted}) {delete.Elapsed.TotalMilliseconds:F0} ms"));
        return (countWall, listWall);
    }

    private static (TimeSpan Wall, TimeSpan Cpu) Time(Action action)
    {
        action(); // warm-up (JIT, buffers)
        var walls = new List<TimeSpan>(Repeats);
        var cpus = new List<TimeSpan>(Repeats);
        using var process = Process.GetCurrentProcess();
        for (var i = 0; i < Repeats; i++)
        {
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            action();
            walls.Add(watch.Elapsed);
            process.Refresh();
            cpus.Add(process.TotalProcessorTime - cpu);
        }

        return (walls.Order().ElementAt(Repeats / 2), cpus.Order().ElementAt(Repeats / 2));
    }

    private static IPAddress Server(int backend) => new([10, 2, 0, (byte)(10 + backend)]);

    private static IEnumerable<ConntrackEntry> Flows(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var backend = i % Backends;
            var client = new IPAddress([10, 1, (byte)(i >> 8), (byte)i]);
            yield return ConntrackSeeder.DnatFlow(client, (ushort)(10_000 + (i >> 16)), Vip, 80, Server(backend), 8080, (uint)(backend + 1));
        }
    }
}
