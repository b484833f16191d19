namespace Fulcrum.Core.Status;

/// <summary>
/// Traffic counters (totals since the entry was created in the kernel) and rates over the daemon's
/// last sampling interval. <paramref name="ActiveConnections"/> is null when not known.
/// In = client to server, out = server to client.
/// </summary>
public sealed record TrafficStatus(
    long? ActiveConnections,
    ulong PacketsIn,
    ulong BytesIn,
    ulong PacketsOut,
    ulong BytesOut,
    double PacketsPerSecond,
    double BytesPerSecond)
{
    /// <summary>No traffic seen.</summary>
    public static TrafficStatus Zero { get; } = new(0, 0, 0, 0, 0, 0, 0);
}
