namespace Fulcrum.Core.Config;

/// <summary>Daemon settings that are not about the network.</summary>
/// <param name="StateDir">Absolute directory for runtime state (the runtime API socket, state files).</param>
/// <param name="LogFormat">Log line format.</param>
/// <param name="LogLevel">Least severe level that is logged.</param>
public sealed record GlobalSettings(string StateDir, LogFormat LogFormat, LogVerbosity LogLevel);
