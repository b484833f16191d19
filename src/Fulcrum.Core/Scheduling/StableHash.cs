using System.Text;

namespace Fulcrum.Core.Scheduling;

/// <summary>
/// A 64-bit hash that is the same in every process and on every machine. Both balancers must
/// build identical Maglev tables so that a failover keeps every client on its backend;
/// <see cref="string.GetHashCode()"/> is randomised per process and cannot be used.
/// </summary>
internal static class StableHash
{
    // FNV-1a 64-bit parameters: http://www.isthe.com/chongo/tech/comp/fnv/
    private const ulong FnvOffsetBasis = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    /// <summary>FNV-1a over the UTF-8 bytes of <paramref name="text"/>, then finalised with
    /// <paramref name="seed"/> so that two seeds give two independent hashes.</summary>
    public static ulong Hash(string text, ulong seed)
    {
        ulong hash = FnvOffsetBasis;
        Span<byte> buffer = stackalloc byte[256];
        int byteCount = Encoding.UTF8.GetByteCount(text);
        Span<byte> bytes = byteCount <= buffer.Length ? buffer[..byteCount] : new byte[byteCount];
        Encoding.UTF8.GetBytes(text, bytes);
        foreach (byte b in bytes)
        {
            hash ^= b;
            hash *= FnvPrime;
        }

        return Mix(hash ^ seed);
    }

    // splitmix64 finaliser: FNV's low bits are weak; this spreads every input bit over the output.
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
