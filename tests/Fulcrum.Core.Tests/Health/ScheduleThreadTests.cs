using System.Diagnostics;
using Fulcrum.Health.Engine;

namespace Fulcrum.Core.Tests.Health;

/// <summary>The engine's timer on the system clock: a dedicated thread, one-shot, never early (waits on conditions with deadlines, no sleeps).</summary>
public sealed class ScheduleThreadTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Fires_once_on_its_own_thread_not_before_the_armed_time()
    {
        var fired = new TaskCompletionSource<(long At, bool PoolThread, string? Name)>(TaskCreationOptions.RunContinuationsAsynchronously);
        int count = 0;
        using var timer = new ScheduleThread(_ => { Interlocked.Increment(ref count); fired.TrySetResult((Stopwatch.GetTimestamp(), Thread.CurrentThread.IsThreadPoolThread, Thread.CurrentThread.Name)); }, null, "test schedule");
        long armed = Stopwatch.GetTimestamp();

        Assert.True(timer.Change(TimeSpan.FromMilliseconds(30), Timeout.InfiniteTimeSpan));
        var (at, poolThread, name) = await fired.Task.WaitAsync(Deadline);

        Assert.True(Stopwatch.GetElapsedTime(armed, at) >= TimeSpan.FromMilliseconds(30), $"fired after {Stopwatch.GetElapsedTime(armed, at)}");
        Assert.False(poolThread);
        Assert.Equal("test schedule", name);
        Assert.Equal(1, Volatile.Read(ref count));
    }

    [Fact]
    public async Task Re_arming_earlier_moves_the_firing_and_the_callback_may_re_arm()
    {
        var times = new List<long>();
        var twice = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ScheduleThread? timer = null;
        timer = new ScheduleThread(_ =>
        {
            lock (times)
            {
                times.Add(Stopwatch.GetTimestamp());
                if (times.Count == 1)
                {
                    timer!.Change(TimeSpan.FromMilliseconds(1), Timeout.InfiniteTimeSpan);
                }
                else
                {
                    twice.TrySetResult();
                }
            }
        }, null, "test schedule");
        using (timer)
        {
            long armed = Stopwatch.GetTimestamp();
            timer.Change(TimeSpan.FromHours(1), Timeout.InfiniteTimeSpan);
            timer.Change(TimeSpan.FromMilliseconds(5), Timeout.InfiniteTimeSpan);

            await twice.Task.WaitAsync(Deadline);

            Assert.True(Stopwatch.GetElapsedTime(armed, times[0]) >= TimeSpan.FromMilliseconds(5));
            Assert.Equal(2, times.Count);
        }
    }

    [Fact]
    public async Task Its_thread_runs_at_nice_minus_5_when_the_process_may_lower_it()
    {
        var nice = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var timer = new ScheduleThread(_ => nice.TrySetResult(NiceOfThisThread()), null, "test schedule");
        timer.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan);

        int value = await nice.Task.WaitAsync(Deadline);

        // Root (CAP_SYS_NICE) gets -5; anyone else keeps the process's nice value (a thread inherits it).
        Assert.Equal(Environment.IsPrivilegedProcess ? ScheduleThread.Nice : NiceOfThisThread(), value);
    }

    // Field 19 of /proc/thread-self/stat (the 17th after the command name's closing parenthesis).
    private static int NiceOfThisThread()
    {
        string stat = File.ReadAllText("/proc/thread-self/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[16], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public void Is_one_shot_and_refuses_changes_once_disposed()
    {
        var timer = new ScheduleThread(_ => { }, null, "test schedule");
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => timer.Change(TimeSpan.Zero, TimeSpan.FromSeconds(1)));
        Assert.Equal("period", e.ParamName);

        timer.Dispose();

        Assert.False(timer.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
    }
}
