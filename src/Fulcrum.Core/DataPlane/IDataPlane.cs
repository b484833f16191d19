namespace Fulcrum.Core.DataPlane;

/// <summary>
/// The port through which the core changes the kernel's data plane. Engines (nftables, IPVS)
/// implement it; a recording fake stands in for them in unit tests.
/// </summary>
public interface IDataPlane
{
    /// <summary>Reads what the kernel holds now, so a restarted daemon adopts it instead of rebuilding.</summary>
    Task<DataPlaneModel> ReadAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Describes, one line per kernel change, what <see cref="ApplyAsync"/> would do for
    /// <paramref name="plan"/> (<c>fulcrum plan</c>). Touches nothing.
    /// </summary>
    IReadOnlyList<string> Describe(DataPlanePlan plan);

    /// <summary>
    /// Applies the plan as one transaction: all of it or, if the kernel rejects any part,
    /// none of it (the exception carries the kernel's message).
    /// </summary>
    Task ApplyAsync(DataPlanePlan plan, CancellationToken cancellationToken);
}
