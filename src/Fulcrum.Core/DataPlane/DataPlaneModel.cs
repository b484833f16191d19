using Fulcrum.Core.Collections;

namespace Fulcrum.Core.DataPlane;

/// <summary>
/// The whole data plane of one balancer: every virtual service, ordered by name. Immutable, with
/// value equality, so "is the kernel as intended?" is one comparison.
/// </summary>
public sealed record DataPlaneModel(EquatableArray<VirtualService> Services)
{
    /// <summary>A data plane with no services (what a fresh kernel holds).</summary>
    public static DataPlaneModel Empty { get; } = new([]);

    /// <summary>The service with this name, or null.</summary>
    public VirtualService? Find(string name) => Services.FirstOrDefault(s => s.Name == name);
}
