namespace Fulcrum.Core.Scheduling;

/// <summary>
/// Lays weights out as a short cyclic slot table for round-robin data planes: the kernel counts
/// <c>numgen inc mod Slots</c> and looks the slot up, so each backend gets new flows in proportion to
/// how many slots it holds, and consecutive flows alternate as evenly as the weights allow.
/// </summary>
/// <remarks>
/// Weights are reduced by their greatest common divisor (3:1 is 4 slots, 300:100 too). A sum above
/// the cap is scaled down proportionally, every positive weight keeping at least one slot, so a
/// table never exceeds about <c>cap</c> slots and a weight change rewrites a bounded number of them.
/// Slots are filled in smooth weighted round-robin order (nginx's algorithm): each step every
/// backend earns its weight, the richest one takes the slot and pays the total back. 5:1:1 becomes
/// a a b a c a a rather than a a a a a b c.
/// </remarks>
public static class WeightedSlotLayout
{
    /// <summary>The default cap on the number of slots of one service.</summary>
    public const int DefaultMaxSlots = 1024;

    /// <summary>The slot table: each entry is an index into <paramref name="weights"/>; empty when no weight is positive.</summary>
    /// <exception cref="ArgumentException">A weight is outside 0–65535, or <paramref name="maxSlots"/> is below 1.</exception>
    public static int[] Build(IReadOnlyList<int> weights, int maxSlots = DefaultMaxSlots)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSlots, 1);
        var reduced = Reduce(weights, maxSlots);
        long total = 0;
        foreach (var weight in reduced)
        {
            total += weight;
        }

        var slots = new int[total];
        var current = new long[reduced.Length];
        for (var slot = 0; slot < slots.Length; slot++)
        {
            var best = -1;
            for (var i = 0; i < reduced.Length; i++)
            {
                if (reduced[i] == 0)
                {
                    continue;
                }

                current[i] += reduced[i];
                if (best < 0 || current[i] > current[best])
                {
                    best = i;
                }
            }

            current[best] -= total;
            slots[slot] = best;
        }

        return slots;
    }

    /// <summary>The weights as slot counts: divided by their gcd and scaled under the cap.</summary>
    public static int[] Reduce(IReadOnlyList<int> weights, int maxSlots = DefaultMaxSlots)
    {
        ArgumentNullException.ThrowIfNull(weights);
        long sum = 0;
        foreach (var weight in weights)
        {
            if (weight is < 0 or > ushort.MaxValue)
            {
                throw new ArgumentException($"Weight {weight} is outside 0-65535.", nameof(weights));
            }

            sum += weight;
        }

        var counts = weights.ToArray();
        if (sum > maxSlots)
        {
            for (var i = 0; i < counts.Length; i++)
            {
                // Round to nearest, but a usable backend never loses its last slot.
                counts[i] = counts[i] == 0 ? 0 : (int)Math.Max(1, ((long)counts[i] * maxSlots + (sum / 2)) / sum);
            }
        }

        var divisor = 0;
        foreach (var count in counts)
        {
            divisor = Gcd(divisor, count);
        }

        if (divisor > 1)
        {
            for (var i = 0; i < counts.Length; i++)
            {
                counts[i] /= divisor;
            }
        }

        return counts;
    }

    private static int Gcd(int a, int b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
