namespace Fulcrum.Core.DataPlane;

/// <summary>
/// Per service and per real server traffic counters, cheap enough to read every second whatever
/// the size of the data plane (metrics, <c>fulcrum status</c>). Counters of a removed server
/// are gone with it.
/// </summary>
public interface IDataPlaneCounters
{
    /// <summary>Counters of every service, ordered by name.</summary>
    Task<IReadOnlyList<ServiceCounters>> ReadCountersAsync(CancellationToken cancellationToken);
}
