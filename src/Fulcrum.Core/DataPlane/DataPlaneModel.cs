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
    /// <remarks>
    /// Models are ordered by name (ordinal), so a binary search finds it in O(log n); a model built
    /// in another order still answers correctly, through the linear scan after a miss.
    /// </remarks>
    public VirtualService? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        int low = 0, high = Services.Count - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            var order = string.CompareOrdinal(Services[middle].Name, name);
            if (order == 0)
            {
                return Services[middle];
            }

            (low, high) = order < 0 ? (middle + 1, high) : (low, middle - 1);
        }

        return Services.FirstOrDefault(s => s.Name == name);
    }
}
