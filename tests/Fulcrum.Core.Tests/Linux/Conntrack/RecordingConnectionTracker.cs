using Fulcrum.Linux.Conntrack;

namespace Fulcrum.Core.Tests.Linux.Conntrack;

/// <summary>
/// A recording <see cref="IConnectionTracker"/> for the data-plane engine's unit tests: holds a
/// table of entries the test provides, answers from it with the same filter and selector logic as
/// the real client, removes what deletes select, and records every call in order.
/// </summary>
internal sealed class RecordingConnectionTracker : IConnectionTracker
{
    private readonly List<ConntrackEntry> _table;

    public RecordingConnectionTracker(IEnumerable<ConntrackEntry>? table = null) => _table = [.. table ?? []];

    /// <summary>Every call, in order: <c>List(filter)</c>, <c>DeleteFlowsTo(selector)</c>, <c>DeleteFlows(filter)</c>, <c>FlushByMark(marks)</c>, <c>CountByMark(mask)</c>.</summary>
    public List<RecordedCall> Calls { get; } = [];

    /// <summary>The entries the fake holds now.</summary>
    public IReadOnlyList<ConntrackEntry> Table => _table;

    /// <summary>Adds entries, as new connections would.</summary>
    public void Add(params ConntrackEntry[] entries) => _table.AddRange(entries);

    public IReadOnlyList<ConntrackEntry> List(ConntrackFilter? filter = null)
    {
        Calls.Add(new RecordedCall(nameof(List), filter));
        return [.. _table.Where(entry => filter is null || filter.Matches(entry))];
    }

    public int DeleteFlowsTo(ConntrackFlowSelector selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        Calls.Add(new RecordedCall(nameof(DeleteFlowsTo), selector));
        return _table.RemoveAll(selector.Matches);
    }

    public ConntrackDeleteResult DeleteFlows(Predicate<ConntrackEntry> match, ConntrackFilter? filter = null)
    {
        ArgumentNullException.ThrowIfNull(match);
        Calls.Add(new RecordedCall(nameof(DeleteFlows), filter));
        var deleted = _table.RemoveAll(entry => (filter is null || filter.Matches(entry)) && match(entry));
        return new ConntrackDeleteResult(deleted, deleted, 0);
    }

    public void FlushByMark(IReadOnlyCollection<uint> marks, uint markMask = uint.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(marks);
        Calls.Add(new RecordedCall(nameof(FlushByMark), marks.ToArray()));
        _table.RemoveAll(entry => marks.Contains(entry.Mark & markMask));
    }

    public IReadOnlyDictionary<uint, ConnectionCounts> CountByMark(uint markMask = uint.MaxValue)
    {
        Calls.Add(new RecordedCall(nameof(CountByMark), markMask));
        var counts = new Dictionary<uint, ConnectionCounts>();
        foreach (var entry in _table)
        {
            var key = entry.Mark & markMask;
            if (key != 0)
            {
                counts[key] = counts.GetValueOrDefault(key).With(entry.IsActive, entry.Counters);
            }
        }

        return counts;
    }

    /// <summary>One call: the method's name and its argument (filter, selector or mask).</summary>
    internal sealed record RecordedCall(string Method, object? Argument);
}
