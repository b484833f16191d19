namespace Fulcrum.Core.Status;

/// <summary>The configuration file the daemon runs: where, when it was (re)loaded, and its SHA-256 (hex).</summary>
public sealed record ConfigStatus(string File, DateTimeOffset LoadedAt, string Sha256);
