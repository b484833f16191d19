using System.Collections.Concurrent;
using System.Net;
using Fulcrum.Core.Health;

namespace Fulcrum.Core.Tests.Health;

/// <summary>
/// A fake <see cref="IHealthChecker"/>: records every probe with the fake clock's time and answers from a
/// per-address script (healthy by default). <see cref="Behavior.Hang"/> waits for the timeout's
/// cancellation; <see cref="Behavior.Stuck"/> ignores it (a buggy checker).
/// </summary>
internal sealed class RecordingHealthChecker(TimeProvider time) : IHealthChecker
{
    public enum Behavior
    {
        Answer,
        Hang,
        Stuck,
    }

    private readonly ConcurrentDictionary<IPAddress, Func<ProbeResult>> _answers = new();
    private readonly ConcurrentDictionary<IPAddress, Behavior> _behaviors = new();

    public ConcurrentQueue<(TimeSpan At, ProbeTarget Target)> Probes { get; } = new();

    public void Answer(IPAddress address, ProbeResult result) => Answer(address, () => result);

    public void Answer(IPAddress address, Func<ProbeResult> result)
    {
        _answers[address] = result;
        _behaviors[address] = Behavior.Answer;
    }

    public void Set(IPAddress address, Behavior behavior) => _behaviors[address] = behavior;

    public IReadOnlyList<TimeSpan> TimesOf(IPAddress address) =>
        [.. Probes.Where(p => p.Target.Address.Equals(address)).Select(p => p.At)];

    public ValueTask<ProbeResult> CheckAsync(ProbeTarget target, CancellationToken cancellationToken)
    {
        Probes.Enqueue((time.GetUtcNow() - FakeClock.Start, target));
        switch (_behaviors.GetValueOrDefault(target.Address))
        {
            case Behavior.Hang:
                var hung = new TaskCompletionSource<ProbeResult>();
                cancellationToken.Register(() => hung.TrySetResult(ProbeResult.Failed(ProbeOutcome.Timeout, "timeout (fake)")));
                return new ValueTask<ProbeResult>(hung.Task);
            case Behavior.Stuck:
                return new ValueTask<ProbeResult>(new TaskCompletionSource<ProbeResult>().Task);
            default:
                Func<ProbeResult> answer = _answers.GetValueOrDefault(target.Address, () => ProbeResult.Healthy("ok (fake)"));
                return ValueTask.FromResult(answer());
        }
    }
}
