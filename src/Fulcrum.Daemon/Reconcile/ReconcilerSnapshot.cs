using Fulcrum.Core.Config;
using Fulcrum.Core.DataPlane;
using Fulcrum.Core.Health;

namespace Fulcrum.Daemon.Reconcile;

/// <summary>What the reconciler last saw and did; replaced as a whole after every pass (readers never lock).</summary>
/// <param name="View">The configuration in force (null before the first one).</param>
/// <param name="Kernel">The data-plane model the kernel holds, as far as the reconciler knows (null when unknown).</param>
/// <param name="Overrides">Operator overrides.</param>
/// <param name="HealthWeights">Per server, the weight health alone gives (0: out of the pool), seeds included.</param>
/// <param name="Traffic">The latest counter sample.</param>
/// <param name="ApplyErrors">Failed applies since start.</param>
/// <param name="LastError">The last apply failure while it is not yet fixed; null when the kernel matches.</param>
/// <param name="Draining">Real servers a reload removed that stay at weight 0 until idle, with the time they go at the latest.</param>
internal sealed record ReconcilerSnapshot(
    NodeView? View,
    DataPlaneModel? Kernel,
    OverrideBook Overrides,
    IReadOnlyDictionary<ServerKey, ushort> HealthWeights,
    TrafficSample Traffic,
    long ApplyErrors,
    string? LastError,
    IReadOnlyDictionary<ServerKey, DateTimeOffset> Draining)
{
    public static readonly ReconcilerSnapshot Initial = new(null, null, OverrideBook.Empty, new Dictionary<ServerKey, ushort>(), TrafficSample.None, 0, null, new Dictionary<ServerKey, DateTimeOffset>());
}
