using Fulcrum.Core.Collections;

namespace Fulcrum.Core.DataPlane;

/// <summary>The ordered operations that turn <see cref="Current"/> into <see cref="Desired"/>, applied as one transaction.</summary>
public sealed record DataPlanePlan(DataPlaneModel Current, DataPlaneModel Desired, EquatableArray<DataPlaneOperation> Operations)
{
    /// <summary>True when the data plane already is as desired.</summary>
    public bool IsEmpty => Operations.IsEmpty;
}
