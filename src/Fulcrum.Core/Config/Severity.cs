namespace Fulcrum.Core.Config;

/// <summary>How serious a configuration diagnostic is.</summary>
public enum Severity
{
    /// <summary>The configuration is rejected.</summary>
    Error,

    /// <summary>The configuration is accepted, but probably not what was meant.</summary>
    Warning,
}
