namespace Fulcrum.Lab;

/// <summary>Waits for a condition with a deadline, checking it often: never a fixed sleep.</summary>
internal static class ConditionWaiter
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);

    /// <exception cref="LabException">The deadline passed; the message names what was awaited.</exception>
    public static async Task WaitAsync(
        Func<CancellationToken, Task<bool>> condition,
        TimeSpan timeout,
        string what,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var start = time.GetTimestamp();
        while (!await condition(cancellationToken).ConfigureAwait(false))
        {
            if (time.GetElapsedTime(start) >= timeout)
            {
                throw new LabException($"timed out after {timeout.TotalSeconds:0.#} s waiting for {what}");
            }

            await Task.Delay(Interval, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
