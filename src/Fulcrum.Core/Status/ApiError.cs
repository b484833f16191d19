namespace Fulcrum.Core.Status;

/// <summary>The body of every non-2xx API answer: one sentence, and details (e.g. config diagnostics).</summary>
public sealed record ApiError(string Error, IReadOnlyList<string> Details);
