using System.Net.Sockets;

namespace Fulcrum.Linux.Conntrack;

/// <summary>
/// The flows the event counter knows, each with the group (masked ct mark) and activity it counts
/// toward, and the per-group counts kept in step. Applying a flow is an upsert and removing is
/// idempotent, so events that overlap a resync dump may be applied twice without harm.
/// Not thread-safe; <see cref="ConntrackEventCounter"/> serializes access.
/// </summary>
internal sealed class ConntrackFlowTable(uint markMask)
{
    private readonly Dictionary<ConntrackFlowKey, (uint Group, bool Active)> _flows = [];
    private readonly Dictionary<uint, (int Active, int Inactive)> _counts = [];

    /// <summary>Flows counted now (those whose masked mark is not 0).</summary>
    public int Count => _flows.Count;

    /// <summary>A dumped flow, or a NEW / UPDATE event.</summary>
    public void Apply(in ConntrackFlowSummary flow)
    {
        var key = flow.Key;
        var known = _flows.TryGetValue(key, out var previous);

        // An UPDATE carries the TCP state only when it changed (IPCT_PROTOINFO); keep the last one.
        var active = flow.TcpState is null && flow.Protocol == ProtocolType.Tcp && known ? previous.Active : flow.IsActive;
        var group = flow.Mark & markMask;
        if (known)
        {
            if (previous == (group, active))
            {
                return;
            }

            Uncount(previous.Group, previous.Active);
            _flows.Remove(key);
        }

        if (group == 0)
        {
            return;
        }

        _flows[key] = (group, active);
        var counts = _counts.GetValueOrDefault(group);
        _counts[group] = active ? (counts.Active + 1, counts.Inactive) : (counts.Active, counts.Inactive + 1);
    }

    /// <summary>A DESTROY event.</summary>
    public void Remove(ConntrackFlowKey key)
    {
        if (_flows.Remove(key, out var previous))
        {
            Uncount(previous.Group, previous.Active);
        }
    }

    /// <summary>Forgets everything (before a resync dump is applied).</summary>
    public void Clear()
    {
        _flows.Clear();
        _counts.Clear();
    }

    /// <summary>The counts per group; packets and bytes are not tracked by events (0).</summary>
    public Dictionary<uint, ConnectionCounts> Snapshot() =>
        _counts.ToDictionary(pair => pair.Key, pair => new ConnectionCounts(pair.Value.Active, pair.Value.Inactive, 0, 0));

    private void Uncount(uint group, bool active)
    {
        var counts = _counts[group];
        counts = active ? (counts.Active - 1, counts.Inactive) : (counts.Active, counts.Inactive - 1);
        if (counts == (0, 0))
        {
            _counts.Remove(group);
        }
        else
        {
            _counts[group] = counts;
        }
    }
}
