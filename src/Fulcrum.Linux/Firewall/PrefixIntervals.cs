using System.Buffers.Binary;
using System.Net;

namespace Fulcrum.Linux.Firewall;

/// <summary>IPv4 prefixes as disjoint, sorted, merged address ranges (an interval set refuses overlaps).</summary>
internal static class PrefixIntervals
{
    public static List<(uint First, uint Last)> Merge(IEnumerable<IPNetwork> prefixes)
    {
        var ranges = prefixes
            .Select(p =>
            {
                uint first = BinaryPrimitives.ReadUInt32BigEndian(p.BaseAddress.GetAddressBytes());
                uint size = p.PrefixLength == 0 ? uint.MaxValue : (1u << (32 - p.PrefixLength)) - 1;
                return (First: first, Last: first + size);
            })
            .OrderBy(r => r.First)
            .ToList();
        var merged = new List<(uint First, uint Last)>();
        foreach (var range in ranges)
        {
            if (merged.Count > 0 && (ulong)range.First <= (ulong)merged[^1].Last + 1)
            {
                merged[^1] = (merged[^1].First, Math.Max(merged[^1].Last, range.Last));
            }
            else
            {
                merged.Add(range);
            }
        }

        return merged;
    }

    public static IPAddress Address(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return new IPAddress(bytes);
    }
}
