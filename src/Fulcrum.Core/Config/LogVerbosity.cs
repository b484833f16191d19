namespace Fulcrum.Core.Config;

/// <summary>The least severe log level that is written (config key <c>log_level</c>).</summary>
public enum LogVerbosity
{
    /// <summary>Everything, including per-probe detail.</summary>
    Debug,

    /// <summary>State changes and normal operation.</summary>
    Info,

    /// <summary>Problems that Fulcrum works around.</summary>
    Warning,

    /// <summary>Failures only.</summary>
    Error,
}
