namespace Fulcrum.Bench;

/// <summary>
/// The baseline: Maglev exactly as the paper's pseudo-code (NSDI 2016, Pseudocode 1) writes it,
/// unweighted, with the whole permutation table materialised up front. Measured in the same run
/// as <see cref="Fulcrum.Core.Scheduling.MaglevTable"/> so the ratio is meaningful on a noisy machine.
/// </summary>
internal static class TextbookMaglev
{
    public static int[] Build(IReadOnlyList<string> keys, int size)
    {
        int n = keys.Count;
        var permutation = new int[n][];
        for (int i = 0; i < n; i++)
        {
            ulong h = (ulong)keys[i].GetHashCode(StringComparison.Ordinal) * 0x9E3779B97F4A7C15UL;
            int offset = (int)(h % (ulong)size);
            int skip = (int)((h >> 17) % (ulong)(size - 1)) + 1;
            permutation[i] = new int[size];
            for (int j = 0; j < size; j++)
            {
                permutation[i][j] = (int)((offset + ((long)j * skip)) % size);
            }
        }

        var next = new int[n];
        var entry = new int[size];
        Array.Fill(entry, -1);
        int filled = 0;
        while (true)
        {
            for (int i = 0; i < n; i++)
            {
                int c = permutation[i][next[i]];
                while (entry[c] >= 0)
                {
                    next[i]++;
                    c = permutation[i][next[i]];
                }

                entry[c] = i;
                next[i]++;
                if (++filled == size)
                {
                    return entry;
                }
            }
        }
    }
}
