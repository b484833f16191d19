using System.Diagnostics;

namespace Fulcrum.Health.Engine;

/// <summary>
/// The engine's one timer when it runs on the system clock: a dedicated thread that sleeps until the
/// armed time and calls the callback there. A <see cref="System.Threading.Timer"/> hands each firing to the
/// thread pool, whose worker then spins (sched_yield) before it parks again: at hundreds of ticks a second
/// that idle spinning cost more CPU than the probes. The thread parks in <see cref="Monitor.Wait(object, int)"/>,
/// which does not spin, and so must be woken and given a core at every tick: it asks for nice
/// <see cref="Nice"/> (keepalived's <c>checker_priority</c>), which a process with CAP_SYS_NICE (the daemon,
/// as root) gets, so other work on the machine does not delay the probes' start times; without it the
/// thread keeps the process's nice value. One-shot only (the period must be infinite): the engine re-arms it.
/// </summary>
internal sealed class ScheduleThread : ITimer
{
    /// <summary>The nice value the thread asks for (lower runs first; 0 is the default).</summary>
    public const int Nice = -5;

    private readonly object _gate = new(); // Monitor.Wait/Pulse, so not a System.Threading.Lock
    private readonly TimerCallback _callback;
    private readonly object? _state;
    private readonly Thread _thread;
    private long _dueAt = long.MaxValue; // Stopwatch timestamp; MaxValue: not armed
    private bool _disposed;

    public ScheduleThread(TimerCallback callback, object? state, string name)
    {
        _callback = callback ?? throw new ArgumentNullException(nameof(callback));
        _state = state;
        _thread = new Thread(Run) { IsBackground = true, Name = name };
        _thread.Start();
    }

    /// <summary>Arms the timer <paramref name="dueTime"/> from now (infinite disarms it); <paramref name="period"/> must be infinite.</summary>
    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        if (period != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, "the schedule thread is one-shot: the period must be infinite");
        }

        lock (_gate)
        {
            if (_disposed)
            {
                return false;
            }

            _dueAt = dueTime == Timeout.InfiniteTimeSpan ? long.MaxValue
                : Stopwatch.GetTimestamp() + (long)(Math.Max(0, dueTime.TotalSeconds) * Stopwatch.Frequency);
            Monitor.Pulse(_gate);
            return true;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            Monitor.Pulse(_gate);
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private void Run()
    {
        _ = Interop.LibC.setpriority(Interop.LibC.PRIO_PROCESS, 0, Nice); // refused (EACCES) without CAP_SYS_NICE: stays as it is
        while (true)
        {
            lock (_gate)
            {
                while (true)
                {
                    if (_disposed)
                    {
                        return;
                    }

                    if (_dueAt == long.MaxValue)
                    {
                        Monitor.Wait(_gate);
                        continue;
                    }

                    long left = _dueAt - Stopwatch.GetTimestamp();
                    if (left <= 0)
                    {
                        break;
                    }

                    // Whole milliseconds, rounded up: never woken before the armed time.
                    Monitor.Wait(_gate, (int)Math.Min(int.MaxValue, ((left * 1000) + Stopwatch.Frequency - 1) / Stopwatch.Frequency));
                }

                _dueAt = long.MaxValue;
            }

            _callback(_state); // outside the lock: the callback may re-arm
        }
    }
}
