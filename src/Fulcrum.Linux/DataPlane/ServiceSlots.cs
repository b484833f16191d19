using Fulcrum.Core.Config;
using Fulcrum.Core.Net;
using Fulcrum.Core.Scheduling;

namespace Fulcrum.Linux.DataPlane;

/// <summary>
/// The slot table of a service: the marks the kernel holds in map <c>backends</c> under
/// <c>service id . 0..N-1</c>, and N, the modulus of the service's <c>numgen</c> or <c>jhash</c>.
/// A pure function of the service and its marks, so the engine diffs two tables instead of
/// reading slots back, and a weight change rewrites only the slots that changed.
/// </summary>
/// <remarks>
/// rr, wrr and random use <see cref="WeightedSlotLayout"/> (rr with equal weights) and differ in
/// the kernel only by <c>numgen inc</c> vs <c>numgen random</c>. sh and maglev use a
/// <see cref="MaglevTable"/> indexed by <c>jhash ip saddr</c>: sh a small table (a prime at least
/// 8 slots per server, from a fixed ladder so its size rarely changes), maglev the full 65,537
/// slots, where a server change moves only about 1/N of the clients.
/// </remarks>
internal static class ServiceSlots
{
    /// <summary>The table sizes sh picks from: primes, so every server gets a fair share of buckets.</summary>
    private static readonly int[] SourceHashSizes = [257, 1031, 4099, 16411, MaglevTable.DefaultSize];

    private const int SourceHashSlotsPerServer = 8;

    public static uint[] Compute(NftServiceRecord record)
    {
        var service = record.Service;
        var backends = new List<(uint Mark, ServerEndpoint Endpoint, int Weight)>();
        if (service.SorryActive && service.Sorry is { } sorry && record.SorryMark is { } sorryMark)
        {
            backends.Add((sorryMark, sorry, 1));
        }
        else
        {
            foreach (var server in service.Servers)
            {
                if (server.IsUsable)
                {
                    backends.Add((record.Marks[server.Endpoint], server.Endpoint, server.Weight));
                }
            }
        }

        if (backends.Count == 0)
        {
            return [];
        }

        int[] indexes = service.Scheduler switch
        {
            Scheduler.RoundRobin => WeightedSlotLayout.Build([.. backends.Select(_ => 1)]),
            Scheduler.WeightedRoundRobin or Scheduler.Random => WeightedSlotLayout.Build([.. backends.Select(b => b.Weight)]),
            Scheduler.SourceHash => Maglev(backends, SourceHashSize(backends.Count)),
            Scheduler.Maglev => Maglev(backends, MaglevTable.DefaultSize),
            _ => throw new ArgumentOutOfRangeException(nameof(record), service.Scheduler, "unknown scheduler"),
        };

        var marks = new uint[indexes.Length];
        for (var slot = 0; slot < indexes.Length; slot++)
        {
            marks[slot] = backends[indexes[slot]].Mark;
        }

        return marks;
    }

    /// <summary>The modulus of the service's slot expression: the table size, at least 1 (an empty table misses every lookup).</summary>
    public static uint Modulus(int slotCount) => (uint)Math.Max(1, slotCount);

    private static int SourceHashSize(int servers)
    {
        foreach (var size in SourceHashSizes)
        {
            if (size >= servers * SourceHashSlotsPerServer)
            {
                return size;
            }
        }

        return SourceHashSizes[^1];
    }

    private static int[] Maglev(List<(uint Mark, ServerEndpoint Endpoint, int Weight)> backends, int size)
    {
        var table = MaglevTable.Build([.. backends.Select(b => new MaglevBackend(b.Endpoint.ToString(), b.Weight))], size);
        return table.Entries.ToArray();
    }
}
