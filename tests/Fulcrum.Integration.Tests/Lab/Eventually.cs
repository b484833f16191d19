using System.Diagnostics;

namespace Fulcrum.Integration.Tests.Lab;

/// <summary>Polls a condition until it holds or a deadline passes: for effects that land just after a reply.</summary>
internal static class Eventually
{
    public static async Task<bool> TrueAsync(Func<bool> condition, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed >= (timeout ?? TimeSpan.FromSeconds(5)))
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }
}
