using Fulcrum.Core.Health;

namespace Fulcrum.Health.Engine;

public sealed partial class HealthEngine
{
    /// <summary>
    /// The schedule of one target: a one-shot timer that starts a probe, re-armed when the probe ends,
    /// so one target never has two probes in flight. Its state is guarded by the engine's lock.
    /// </summary>
#pragma warning disable CA1001 // Each probe's CancellationTokenSource is disposed by RunAsync when that probe ends.
    private sealed class ProbeLoop(HealthEngine engine, ProbeTarget target)
    {
        private ITimer? _timer;
        private long _sequence;
        private CancellationTokenSource? _inFlight;
        private Task _running = Task.CompletedTask;

        public ProbeTarget Target { get; } = target;

        public bool Stopped { get; private set; }

        public void Start(TimeSpan firstDelay) =>
            _timer = engine._time.CreateTimer(static state => ((ProbeLoop)state!).Fire(), this, firstDelay, Timeout.InfiniteTimeSpan);

        public void ScheduleNext(TimeSpan delay) => _timer?.Change(delay, Timeout.InfiniteTimeSpan);

        /// <summary>Stops the loop and cancels a probe in flight; returns the probe's task so the caller can await it.</summary>
        public Task Stop()
        {
            Stopped = true;
            _timer?.Dispose();
            _inFlight?.Cancel();
            return _running;
        }

        private void Fire()
        {
            lock (engine._gate)
            {
                if (Stopped)
                {
                    return;
                }

                _inFlight = new CancellationTokenSource(Target.Check.Timeout, engine._time);
                _running = RunAsync(++_sequence, _inFlight);
            }
        }

        private async Task RunAsync(long sequence, CancellationTokenSource timeout)
        {
            long started = engine._time.GetTimestamp();
            ProbeResult result;
            bool ended = true;
            try
            {
                ValueTask<ProbeResult> pending = engine._checker.CheckAsync(Target, timeout.Token);
                result = pending.IsCompletedSuccessfully
                    ? pending.Result
                    : await pending.AsTask().WaitAsync(Target.Check.Timeout + StuckCheckerGrace, engine._time).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // The checker ignored its cancellation: stop waiting, so the target is never stuck.
                ended = false;
                HealthLog.CheckerStuck(engine._logger, Target, StuckCheckerGrace.TotalMilliseconds);
                result = ProbeResult.Failed(ProbeOutcome.Timeout, "the check did not end after its timeout");
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
                if (_inFlight == timeout)
                {
                    _inFlight = null;
                }
            }

            if (ended)
            {
                timeout.Dispose(); // a stuck checker may still hold the token; then the timer collects it
            }

            engine.Complete(this, sequence, result, engine._time.GetElapsedTime(started));
        }
    }
#pragma warning restore CA1001
}
