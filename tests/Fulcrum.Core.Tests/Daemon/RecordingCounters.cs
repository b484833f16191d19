using Fulcrum.Core.Collections;
using Fulcrum.Core.DataPlane;
using Fulcrum.Core.Net;
using Fulcrum.Core.Tests.DataPlane;

namespace Fulcrum.Core.Tests.Daemon;

/// <summary>Counters read from what a <see cref="RecordingDataPlane"/> holds, with active connections set per server by the test; counts the reads.</summary>
internal sealed class RecordingCounters(RecordingDataPlane kernel) : IDataPlaneCounters
{
    public Dictionary<ServerEndpoint, long> Connections { get; } = [];

    public int Reads { get; private set; }

    public Task<IReadOnlyList<ServiceCounters>> ReadCountersAsync(CancellationToken cancellationToken)
    {
        Reads++;
        IReadOnlyList<ServiceCounters> read = [.. kernel.Held.Services.Select(s => new ServiceCounters(
            s.Name,
            TrafficCounters.Zero,
            s.Servers.Select(r => new ServerCounters(r.Endpoint, false, new TrafficCounters(0, 0, 0, 0, Connections.GetValueOrDefault(r.Endpoint)))).ToEquatableArray()))];
        return Task.FromResult(read);
    }
}
