namespace Fulcrum.Linux.Conntrack;

/// <summary>
/// The connections of one group (one ct mark: one real server), like <c>ipvsadm -L</c>'s
/// ActiveConn / InActConn, with the traffic of the flows that exist now.
/// </summary>
/// <param name="Active">Flows that are <see cref="ConntrackEntry.IsActive"/>.</param>
/// <param name="Inactive">The other flows (handshake, closing, TIME_WAIT, one-way).</param>
/// <param name="Packets">Packets of the current flows, both directions; 0 when accounting is off.</param>
/// <param name="Bytes">Bytes of the current flows, both directions; 0 when accounting is off.</param>
public readonly record struct ConnectionCounts(int Active, int Inactive, ulong Packets, ulong Bytes)
{
    /// <summary>Every current flow.</summary>
    public int Total => Active + Inactive;

    /// <summary>These counts plus one flow.</summary>
    public ConnectionCounts With(bool active, ConntrackCounters? counters) => new(
        Active + (active ? 1 : 0),
        Inactive + (active ? 0 : 1),
        Packets + (counters?.Packets ?? 0),
        Bytes + (counters?.Bytes ?? 0));
}
