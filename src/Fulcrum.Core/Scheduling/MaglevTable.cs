namespace Fulcrum.Core.Scheduling;

/// <summary>
/// A Maglev consistent-hashing lookup table (Eisenbud et al., "Maglev: A Fast and Reliable
/// Software Network Load Balancer", NSDI 2016, §3.4), with weights.
/// </summary>
/// <remarks>
/// Every backend walks its own permutation of the slots (offset and skip from two stable
/// hashes of its key) and, in turns, claims the next slot still free. Weights are honoured by
/// credit: each turn a backend earns its weight, and claims one slot per
/// <c>maxWeight</c> of credit, so slot counts are proportional to weights while each backend
/// still prefers the slots of its own permutation — which is what keeps most flows in place
/// when a backend is added or removed. The data plane hashes a flow into
/// <c>0..Size-1</c> (<c>jhash ... mod 65537</c>) and looks the slot up in a kernel map built
/// from <see cref="Entries"/>.
/// </remarks>
public sealed class MaglevTable
{
    /// <summary>The table size used by the data plane: a prime, about 650 slots per backend at 100 backends.</summary>
    public const int DefaultSize = 65_537;

    /// <summary>The value of a slot when no backend has a positive weight.</summary>
    public const int NoBackend = -1;

    private const ulong OffsetSeed = 0x6D61676C65766F66UL; // "maglevof"
    private const ulong SkipSeed = 0x6D61676C65767370UL;   // "maglevsp"

    private readonly int[] _entries;

    private MaglevTable(IReadOnlyList<MaglevBackend> backends, int[] entries)
    {
        Backends = backends;
        _entries = entries;
    }

    /// <summary>The backends, in the order given to <see cref="Build"/>; slots hold indexes into this list.</summary>
    public IReadOnlyList<MaglevBackend> Backends { get; }

    /// <summary>Number of slots.</summary>
    public int Size => _entries.Length;

    /// <summary>True when no backend has a positive weight: every slot is <see cref="NoBackend"/>.</summary>
    public bool IsEmpty => _entries.Length > 0 && _entries[0] == NoBackend;

    /// <summary>Slot → index into <see cref="Backends"/>, or <see cref="NoBackend"/>.</summary>
    public ReadOnlySpan<int> Entries => _entries;

    /// <summary>The backend index for a slot.</summary>
    public int this[int slot] => _entries[slot];

    /// <summary>Builds the table. Backends with weight 0 get no slots.</summary>
    /// <exception cref="ArgumentException">A key is repeated, a weight is outside 0–65535,
    /// or <paramref name="size"/> is not a prime larger than the number of backends.</exception>
    public static MaglevTable Build(IReadOnlyList<MaglevBackend> backends, int size = DefaultSize)
    {
        ArgumentNullException.ThrowIfNull(backends);
        Validate(backends, size);

        var entries = new int[size];
        Array.Fill(entries, NoBackend);

        var active = new List<int>(backends.Count);
        int maxWeight = 0;
        for (int i = 0; i < backends.Count; i++)
        {
            if (backends[i].Weight > 0)
            {
                active.Add(i);
                maxWeight = Math.Max(maxWeight, backends[i].Weight);
            }
        }

        // Turn order by key, not by list order: reordering servers in the file must not move flows.
        active.Sort((a, b) => string.CompareOrdinal(backends[a].Key, backends[b].Key));
        if (active.Count > 0)
        {
            Populate(backends, active, maxWeight, entries);
        }

        return new MaglevTable(backends, entries);
    }

    /// <summary>How many slots the backend at <paramref name="backendIndex"/> holds.</summary>
    public int CountSlots(int backendIndex)
    {
        int count = 0;
        foreach (int entry in _entries)
        {
            if (entry == backendIndex)
            {
                count++;
            }
        }

        return count;
    }

    private static void Populate(IReadOnlyList<MaglevBackend> backends, List<int> active, int maxWeight, int[] entries)
    {
        int size = entries.Length;
        int n = active.Count;
        var position = new int[n]; // the next slot of each backend's permutation to try
        var skip = new int[n];
        var credit = new long[n];
        var weight = new int[n];
        var owner = new int[n];
        for (int k = 0; k < n; k++)
        {
            owner[k] = active[k];
            weight[k] = backends[active[k]].Weight;
            string key = backends[active[k]].Key;
            position[k] = (int)(StableHash.Hash(key, OffsetSeed) % (ulong)size);
            skip[k] = (int)(StableHash.Hash(key, SkipSeed) % (ulong)(size - 1)) + 1;
        }

        int filled = 0;
        while (true)
        {
            for (int k = 0; k < n; k++)
            {
                credit[k] += weight[k];
                if (credit[k] < maxWeight)
                {
                    continue;
                }

                credit[k] -= maxWeight;
                int slot = position[k];
                while (entries[slot] != NoBackend)
                {
                    slot += skip[k];
                    if (slot >= size)
                    {
                        slot -= size;
                    }
                }

                entries[slot] = owner[k];
                slot += skip[k];
                position[k] = slot >= size ? slot - size : slot;
                if (++filled == size)
                {
                    return;
                }
            }
        }
    }

    private static void Validate(IReadOnlyList<MaglevBackend> backends, int size)
    {
        if (size <= backends.Count || !IsPrime(size))
        {
            throw new ArgumentException(
                $"Maglev table size {size} must be a prime larger than the number of backends ({backends.Count}).",
                nameof(size));
        }

        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var backend in backends)
        {
            if (backend.Weight is < 0 or > ushort.MaxValue)
            {
                throw new ArgumentException(
                    $"Backend '{backend.Key}' has weight {backend.Weight}; weights are 0 to 65535.", nameof(backends));
            }

            if (!keys.Add(backend.Key))
            {
                throw new ArgumentException($"Backend '{backend.Key}' appears twice.", nameof(backends));
            }
        }
    }

    private static bool IsPrime(int value)
    {
        if (value < 2)
        {
            return false;
        }

        for (int divisor = 2; (long)divisor * divisor <= value; divisor++)
        {
            if (value % divisor == 0)
            {
                return false;
            }
        }

        return true;
    }
}
