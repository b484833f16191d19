namespace Fulcrum.Daemon.Hosting;

/// <summary>The outcome of a reload: HTTP status (200, 422 refused, 500 the kernel refused), changes or diagnostics.</summary>
internal sealed record ReloadResult(int Status, string Message, IReadOnlyList<string> Changes, IReadOnlyList<string> Diagnostics);
