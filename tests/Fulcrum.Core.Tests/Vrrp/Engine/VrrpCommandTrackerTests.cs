using System.Threading.Channels;
using Fulcrum.Core.Vrrp;
using Microsoft.Extensions.Time.Testing;

namespace Fulcrum.Core.Tests.Vrrp.Engine;

public sealed class VrrpCommandTrackerTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _time = new();
    private readonly RecordingLogger _logger = new();
    private readonly List<(string Name, bool Up)> _reports = [];

    private static VrrpCommandTrackerOptions Options(int rise = 1, int fall = 1) => new()
    {
        TrackedName = "command:uplink",
        Run = "/usr/local/bin/check-uplink --quick",
        Interval = TimeSpan.FromSeconds(1),
        Timeout = TimeSpan.FromMilliseconds(500),
        Rise = rise,
        Fall = fall,
    };

    private VrrpCommandTracker Tracker(VrrpCommandTrackerOptions options, IVrrpTrackCommand command, Func<TimeSpan, CancellationToken, Task>? delay = null) =>
        new(options, command, (name, up) => { lock (_reports) { _reports.Add((name, up)); } }, _logger, _time, delay);

    [Fact]
    public async Task Rise_and_fall_count_consecutive_results_and_only_changes_are_reported()
    {
        var command = new ScriptedCommand(true, true, false, false, true, false, true, true);
        await using var tracker = Tracker(Options(rise: 2, fall: 2), command);

        var states = new List<bool?>();
        for (var i = 0; i < 8; i++)
        {
            Assert.True(await tracker.RunOnceAsync());
            states.Add(tracker.IsUp);
        }

        Assert.Equal([null, true, true, false, false, false, false, true], states);
        Assert.Equal([("command:uplink", true), ("command:uplink", false), ("command:uplink", true)], _reports);
        Assert.Equal(["/usr/local/bin/check-uplink --quick"], command.Runs.Distinct());
        Assert.Equal(8, tracker.Runs);
    }

    [Fact]
    public async Task A_run_past_its_timeout_is_cancelled_and_counts_as_a_failure()
    {
        var command = new HangingCommand();
        await using var tracker = Tracker(Options(), command);

        var run = tracker.RunOnceAsync();
        _time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.False(command.Cancelled);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.True(await run.WaitAsync(Deadline));
        Assert.True(command.Cancelled);
        Assert.Equal([("command:uplink", false)], _reports);
        Assert.Contains(_logger.Entries, e => e.Message.Contains("ran longer than 500 ms and was killed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_command_that_cannot_start_counts_as_a_failure()
    {
        await using var tracker = Tracker(Options(), new ScriptedCommand());

        Assert.True(await tracker.RunOnceAsync());

        Assert.False(tracker.IsUp);
        Assert.Equal([("command:uplink", false)], _reports);
    }

    [Fact]
    public async Task The_loop_runs_on_the_pool_one_run_at_a_time_and_waits_the_rest_of_the_interval()
    {
        var delays = Channel.CreateUnbounded<(TimeSpan Wait, TaskCompletionSource Done)>();
        var command = new TimedCommand(_time, TimeSpan.FromMilliseconds(300));
        var tracker = Tracker(Options(), command, (wait, token) =>
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            token.Register(() => done.TrySetCanceled(token));
            delays.Writer.TryWrite((wait, done));
            return done.Task;
        });

        tracker.Start();
        var first = await delays.Reader.ReadAsync().AsTask().WaitAsync(Deadline);
        Assert.Equal(1, tracker.Runs);
        first.Done.SetResult();
        var second = await delays.Reader.ReadAsync().AsTask().WaitAsync(Deadline);
        Assert.Equal(2, tracker.Runs);
        await tracker.DisposeAsync().AsTask().WaitAsync(Deadline);

        Assert.Equal(TimeSpan.FromMilliseconds(700), first.Wait);
        Assert.Equal(TimeSpan.FromMilliseconds(700), second.Wait);
        Assert.True(second.Done.Task.IsCanceled);
        Assert.Equal(1, command.MostAtOnce);
        Assert.True(command.AllOnPool);
        Assert.Equal(2, command.Count);
        Assert.Equal([("command:uplink", true)], _reports);
    }

    private sealed class ScriptedCommand(params bool[] results) : IVrrpTrackCommand
    {
        private int _next;

        public List<string> Runs { get; } = [];

        public Task<bool> RunAsync(string run, CancellationToken cancellationToken)
        {
            Runs.Add(run);
            return _next < results.Length
                ? Task.FromResult(results[_next++])
                : Task.FromException<bool>(new InvalidOperationException("cannot start /usr/local/bin/check-uplink"));
        }
    }

    private sealed class HangingCommand : IVrrpTrackCommand
    {
        public bool Cancelled { get; private set; }

        public async Task<bool> RunAsync(string run, CancellationToken cancellationToken)
        {
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
                return true;
            }
            catch (OperationCanceledException)
            {
                Cancelled = true; // the real command kills the process here
                throw;
            }
        }
    }

    private sealed class TimedCommand(FakeTimeProvider time, TimeSpan duration) : IVrrpTrackCommand
    {
        private int _running;

        public int MostAtOnce { get; private set; }

        public bool AllOnPool { get; private set; } = true;

        public int Count { get; private set; }

        public Task<bool> RunAsync(string run, CancellationToken cancellationToken)
        {
            MostAtOnce = Math.Max(MostAtOnce, Interlocked.Increment(ref _running));
            AllOnPool &= Thread.CurrentThread.IsThreadPoolThread;
            Count++;
            time.Advance(duration);
            Interlocked.Decrement(ref _running);
            return Task.FromResult(true);
        }
    }
}
