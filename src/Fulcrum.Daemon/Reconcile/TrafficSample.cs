using Fulcrum.Core.Health;
using Fulcrum.Core.Status;

namespace Fulcrum.Daemon.Reconcile;

/// <summary>Counters of every service and real server at one moment, with rates since the sample before.</summary>
internal sealed record TrafficSample(
    DateTimeOffset At,
    IReadOnlyDictionary<string, TrafficStatus> Services,
    IReadOnlyDictionary<ServerKey, TrafficStatus> Servers)
{
    public static readonly TrafficSample None = new(DateTimeOffset.MinValue, new Dictionary<string, TrafficStatus>(), new Dictionary<ServerKey, TrafficStatus>());
}
