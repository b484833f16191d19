using Fulcrum.Core.DataPlane;

namespace Fulcrum.Core.Tests.DataPlane;

/// <summary>
/// An in-memory data plane that records every plan it was asked to describe or apply, and can be
/// told to reject the next apply the way a kernel would.
/// </summary>
internal sealed class RecordingDataPlane(DataPlaneModel initial) : IDataPlane
{
    public DataPlaneModel Held { get; private set; } = initial;

    public List<DataPlanePlan> Described { get; } = [];

    public List<DataPlanePlan> Applied { get; } = [];

    public string? RejectNextApplyWith { get; set; }

    public Task<DataPlaneModel> ReadAsync(CancellationToken cancellationToken) => Task.FromResult(Held);

    public IReadOnlyList<string> Describe(DataPlanePlan plan)
    {
        Described.Add(plan);
        return plan.Operations.Select(o => $"kernel: {o}").ToList();
    }

    public Task ApplyAsync(DataPlanePlan plan, CancellationToken cancellationToken)
    {
        if (RejectNextApplyWith is { } message)
        {
            RejectNextApplyWith = null;
            throw new DataPlaneException(message);
        }

        Applied.Add(plan);
        Held = DataPlanePlannerTests.ApplyInMemory(Held, plan);
        return Task.CompletedTask;
    }
}
