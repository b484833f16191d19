using Fulcrum.Core.Health;

namespace Fulcrum.Health.Engine;

public sealed partial class HealthEngine
{
    /// <summary>
    /// The schedule of one target: idle until its start time, then one probe in flight (never two) with a
    /// timeout and a watchdog, then idle again. Times live in the engine's <see cref="Schedule"/>; the
    /// loop's state is guarded by the engine's lock. <see cref="Version"/> changes at every step, so an
    /// entry of the schedule that belongs to an earlier step is recognised and skipped.
    /// </summary>
#pragma warning disable CA1001 // Each probe's CancellationTokenSource is disposed when that probe ends.
    private sealed class ProbeLoop(HealthEngine engine, ProbeTarget target)
    {
        private long _sequence;
        private CancellationTokenSource? _inFlight;
        private TimeSpan _started;
        private TaskCompletionSource? _stopWaiter;

        public ProbeTarget Target { get; } = target;

        public bool Stopped { get; private set; }

        /// <summary>The step the loop is in; schedule entries carry the version they were made for.</summary>
        public long Version { get; private set; }

        public ProbeStep Step { get; private set; } = ProbeStep.Idle;

        /// <summary>How long the last recorded probe took, or null before the first.</summary>
        public TimeSpan? LastLatency { get; private set; }

        public void Start(TimeSpan firstDelay) => engine.Enqueue(this, engine.Now() + firstDelay);

        /// <summary>Stops the loop and cancels a probe in flight; the task ends when that probe has ended or been given up.</summary>
        public Task Stop()
        {
            Stopped = true;
            if (Step == ProbeStep.Idle)
            {
                Version++;
                return Task.CompletedTask;
            }

            _stopWaiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _inFlight?.Cancel(); // a checker may end the probe inside this call
            return _stopWaiter.Task;
        }

        /// <summary>A schedule entry of the current version came due: start a probe, cancel it at its timeout, or give it up.</summary>
        public void Due(TimeSpan now)
        {
            switch (Step)
            {
                case ProbeStep.Idle when !Stopped:
                    Step = ProbeStep.Running;
                    _started = now;
                    _inFlight = new CancellationTokenSource();
                    engine.Enqueue(this, now + Target.Check.Timeout);
                    long sequence = ++_sequence;
                    CancellationToken token = _inFlight.Token;
                    engine._starts.Add((this, sequence, token)); // started by the tick after the lock is released
                    break;
                case ProbeStep.Running:
                    Step = ProbeStep.TimedOut;
                    engine.Enqueue(this, _started + Target.Check.Timeout + StuckCheckerGrace);
                    _inFlight?.Cancel(); // the checker's cancellation: it should now end with a timeout
                    break;
                case ProbeStep.TimedOut:
                    // The checker ignored its cancellation: stop waiting, so the target is never stuck.
                    HealthLog.CheckerStuck(engine._logger, Target, StuckCheckerGrace.TotalMilliseconds);
                    _inFlight = null; // a stuck checker may still hold the token; the GC collects it
                    End(_sequence, ProbeResult.Failed(ProbeOutcome.Timeout, "the check did not end after its timeout"), now);
                    break;
            }
        }

        /// <summary>Runs the checker (outside the engine's lock) and reports its result.</summary>
        public async Task RunAsync(long sequence, CancellationToken token)
        {
            ProbeResult result;
            try
            {
                ValueTask<ProbeResult> pending = engine._checker.CheckAsync(Target, token);
                result = pending.IsCompletedSuccessfully ? pending.Result : await pending.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                result = ProbeResult.Failed(ProbeOutcome.Timeout, "cancelled at the timeout");
            }
#pragma warning disable CA1031 // A checker bug is a failed probe, never a dead loop.
            catch (Exception e)
#pragma warning restore CA1031
            {
                HealthLog.CheckerThrew(engine._logger, Target, e);
                result = ProbeResult.Failed(ProbeOutcome.Error, $"check error: {e.Message}");
            }

            lock (engine._gate)
            {
                End(sequence, result, engine.Now());
            }
        }

        // Under the engine's lock: the probe numbered sequence ended (or was given up). A late end of a
        // probe already given up changes nothing.
        private void End(long sequence, ProbeResult result, TimeSpan now)
        {
            if (sequence != _sequence || Step == ProbeStep.Idle)
            {
                return;
            }

            Step = ProbeStep.Idle;
            Version++;
            _inFlight?.Dispose();
            _inFlight = null;
            TimeSpan elapsed = now - _started;
            engine._metrics.ProbeDone(Target.Kind, result.Outcome, elapsed);
            if (Stopped)
            {
                _stopWaiter?.TrySetResult();
                return; // removed by a reload (or disposed) while the probe ran: the result is not recorded
            }

            LastLatency = elapsed;
            engine.Record(this, result);
            bool confirming = engine._book.StateOf(Target)?.IsConfirmingFailure ?? false;
            engine.Enqueue(this, now + engine._jitter.NextDelay(Target, sequence, elapsed, confirming));
        }
    }
#pragma warning restore CA1001

    /// <summary>Where a <see cref="ProbeLoop"/> is: its schedule entry means "start", "time out" or "give up".</summary>
    private enum ProbeStep
    {
        Idle,
        Running,
        TimedOut,
    }
}
