namespace Fulcrum.Core.DataPlane;

/// <summary>Packets and bytes in each direction, and connections the kernel tracks now.</summary>
/// <param name="PacketsIn">Client to server (conntrack's original direction).</param>
/// <param name="BytesIn">Client to server.</param>
/// <param name="PacketsOut">Server to client (reply direction).</param>
/// <param name="BytesOut">Server to client.</param>
/// <param name="Connections">Active connections now (IPVS's ActiveConn: TCP established, UDP seen both ways); null when not known.</param>
public sealed record TrafficCounters(ulong PacketsIn, ulong BytesIn, ulong PacketsOut, ulong BytesOut, long? Connections)
{
    /// <summary>No traffic.</summary>
    public static TrafficCounters Zero { get; } = new(0, 0, 0, 0, 0);

    /// <summary>The sum of two counters (a service is the sum of its servers).</summary>
    public TrafficCounters Add(TrafficCounters other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(
            PacketsIn + other.PacketsIn,
            BytesIn + other.BytesIn,
            PacketsOut + other.PacketsOut,
            BytesOut + other.BytesOut,
            Connections is { } a && other.Connections is { } b ? a + b : null);
    }
}
