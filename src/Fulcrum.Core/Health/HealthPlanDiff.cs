namespace Fulcrum.Core.Health;

/// <summary>
/// How a reload changes what is probed: targets to start (unknown, scheduled like at start-up),
/// targets to stop, and targets that keep their state and schedule.
/// </summary>
public sealed record HealthPlanDiff(
    IReadOnlyList<ProbeTarget> Added,
    IReadOnlyList<ProbeTarget> Removed,
    IReadOnlyList<ProbeTarget> Kept)
{
    /// <summary>Sorts the targets of two plans into added, removed and kept (by value equality).</summary>
    public static HealthPlanDiff Between(HealthPlan before, HealthPlan after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var added = after.Targets.Keys.Where(t => !before.Targets.ContainsKey(t)).ToList();
        var removed = before.Targets.Keys.Where(t => !after.Targets.ContainsKey(t)).ToList();
        var kept = after.Targets.Keys.Where(before.Targets.ContainsKey).ToList();
        return new HealthPlanDiff(added, removed, kept);
    }
}
