namespace Fulcrum.Core.Status;

/// <summary>The answer of a successful write: what changed, in words (empty when nothing needed to).</summary>
public sealed record WriteResult(bool Ok, IReadOnlyList<string> Changes);
