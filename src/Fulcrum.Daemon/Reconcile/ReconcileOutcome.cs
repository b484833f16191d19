namespace Fulcrum.Daemon.Reconcile;

/// <summary>The result of one reconcile pass: the changes applied (or that failed) and the error, if any.</summary>
/// <param name="Changes">The plan's operations in words (empty when the kernel already matched).</param>
/// <param name="Error">Why the kernel refused; null on success.</param>
internal sealed record ReconcileOutcome(IReadOnlyList<string> Changes, string? Error)
{
    public bool Succeeded => Error is null;
}
