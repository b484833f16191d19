using Fulcrum.Linux.Conntrack;

namespace Fulcrum.Linux.DataPlane;

/// <summary>
/// The engine's conntrack needs (<see cref="IFlowTerminator"/>, <see cref="IConnectionCounter"/>)
/// met by the ctnetlink client: flows are selected by the ct mark the engine gave them at DNAT.
/// </summary>
public sealed class ConntrackFlows(IConnectionTracker tracker) : IFlowTerminator, IConnectionCounter
{
    /// <inheritdoc />
    public Task TerminateAsync(IReadOnlyCollection<uint> marks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(marks);
        cancellationToken.ThrowIfCancellationRequested();

        // The kernel's filtered flush: it walks its own table and deletes every entry with the
        // mark, so nothing is dumped to user space and deleted back one by one.
        tracker.FlushByMark(marks);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<uint, long>> CountByMarkAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        IReadOnlyDictionary<uint, long> active = tracker.CountByMark().ToDictionary(pair => pair.Key, pair => (long)pair.Value.Active);
        return Task.FromResult(active);
    }
}
