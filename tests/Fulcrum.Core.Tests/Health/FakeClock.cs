using Microsoft.Extensions.Time.Testing;

namespace Fulcrum.Core.Tests.Health;

/// <summary>The fake clock of the engine tests, and a way to step it in small increments as real timers would fire.</summary>
internal static class FakeClock
{
    public static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static FakeTimeProvider Create() => new(Start) { AutoAdvanceAmount = TimeSpan.Zero };

    /// <summary>Advances by <paramref name="duration"/> in steps of <paramref name="step"/> (1 ms by default).</summary>
    public static void Step(this FakeTimeProvider time, TimeSpan duration, TimeSpan? step = null)
    {
        TimeSpan increment = step ?? TimeSpan.FromMilliseconds(1);
        for (TimeSpan done = TimeSpan.Zero; done < duration; done += increment)
        {
            time.Advance(increment);
        }
    }
}
