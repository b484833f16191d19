using System.Runtime;

namespace Fulcrum.Linux.DataPlane;

/// <summary>
/// Keeps the garbage collector out of a large apply (a cold apply of thousands of services).
/// Translating and encoding 10,000 services allocates ~120 MB, nearly all of it alive until the
/// commit; with the default gen0 budget that meant ~13 gen0 and ~7 gen1 collections copying the
/// same survivors, 350–1,000 ms of pauses in a ~1.5 s apply. A no-GC region reserves the budget
/// up front instead; when the apply needs more, the runtime simply collects as usual.
/// </summary>
internal static class ApplyGcRegion
{
    /// <summary>Plans with fewer operations allocate too little to gain from it.</summary>
    public const int MinimumOperations = 1_000;

    /// <summary>Budget per operation: a four-server wrr service takes ~12 KB.</summary>
    private const long BytesPerOperation = 16 * 1024;

    /// <summary>The largest budget asked for, whatever the plan's size.</summary>
    private const long MaximumBytes = 256L * 1024 * 1024;

    /// <summary>Enters a no-GC region sized for <paramref name="operations"/>; false when it was not entered.</summary>
    public static bool TryEnter(int operations)
    {
        if (operations < MinimumOperations || GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
        {
            return false;
        }

        try
        {
            return GC.TryStartNoGCRegion(Math.Min(MaximumBytes, operations * BytesPerOperation));
        }
        catch (ArgumentOutOfRangeException)
        {
            return false; // more than this runtime's ephemeral space can promise: collect as usual
        }
    }

    /// <summary>Leaves the region entered by <see cref="TryEnter"/> (unless the runtime already ended it by collecting).</summary>
    public static void Exit(bool entered)
    {
        if (entered && GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
        {
            try
            {
                GC.EndNoGCRegion();
            }
            catch (InvalidOperationException)
            {
                // The region already ended: the apply outgrew the budget or another thread
                // induced a collection. Collection is back to normal either way; the apply stands.
            }
        }
    }
}
