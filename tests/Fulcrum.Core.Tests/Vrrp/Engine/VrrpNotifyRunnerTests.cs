using System.Collections.Concurrent;
using Fulcrum.Core.Vrrp;

namespace Fulcrum.Core.Tests.Vrrp.Engine;

public sealed class VrrpNotifyRunnerTests
{
    [Fact]
    public async Task Commands_run_one_at_a_time_in_sequence_order_and_a_failure_does_not_stop_the_next()
    {
        var feed = new VrrpTransitionFeed();
        var command = new GatedCommand();
        var runner = new VrrpNotifyRunner(feed, command, new RecordingLogger());
        for (var sequence = 1; sequence <= 5; sequence++)
        {
            feed.Publish(Transition(sequence));
        }

        for (var sequence = 1; sequence <= 5; sequence++)
        {
            var started = await command.Started.Reader.ReadAsync();
            Assert.Equal(sequence, started);
            Assert.Equal(1, command.Running);
            command.Release(fail: sequence == 2);
        }

        await runner.DisposeAsync();
        Assert.Equal(5, runner.Completed);
        Assert.Equal(1, command.MostAtOnce);
    }

    [Fact]
    public void Publishing_never_blocks_a_subscriber_that_falls_behind_loses_its_oldest()
    {
        var feed = new VrrpTransitionFeed();
        var reader = feed.Subscribe();
        for (var sequence = 1; sequence <= VrrpTransitionFeed.Capacity + 10; sequence++)
        {
            feed.Publish(Transition(sequence));
        }

        Assert.True(reader.TryRead(out var first));
        Assert.Equal(11, first.Sequence); // the gap shows in the sequence numbers
    }

    private static VrrpTransition Transition(long sequence) =>
        new(sequence, "lab", "public", VrrpState.Backup, VrrpState.Master, VrrpTransitionReason.MasterDown, 150, DateTimeOffset.UnixEpoch);

    private sealed class GatedCommand : IVrrpNotifyCommand
    {
        private readonly ConcurrentQueue<TaskCompletionSource<bool>> _gates = new();
        private int _running;

        public System.Threading.Channels.Channel<long> Started { get; } = System.Threading.Channels.Channel.CreateUnbounded<long>();

        public int Running => Volatile.Read(ref _running);

        public int MostAtOnce { get; private set; }

        public void Release(bool fail)
        {
            Assert.True(_gates.TryDequeue(out var gate));
            gate.SetResult(fail);
        }

        public async Task RunAsync(VrrpTransition transition, CancellationToken cancellationToken)
        {
            var gate = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            _gates.Enqueue(gate);
            MostAtOnce = Math.Max(MostAtOnce, Interlocked.Increment(ref _running));
            await Started.Writer.WriteAsync(transition.Sequence, cancellationToken);
            var fail = await gate.Task;
            Interlocked.Decrement(ref _running);
            if (fail)
            {
                throw new InvalidOperationException("hook failed");
            }
        }
    }
}
