namespace Fulcrum.Cli.Output;

/// <summary>The result of a Nagios/Icinga plugin; the value is the plugin's exit code.</summary>
internal enum NagiosStatus
{
    /// <summary>Everything as expected.</summary>
    Ok = 0,

    /// <summary>Works, but degraded: a server down or drained, an unexpected HA state.</summary>
    Warning = 1,

    /// <summary>Broken: a service below its quorum, the sync group in fault, the firewall not applied.</summary>
    Critical = 2,

    /// <summary>The check could not tell: daemon unreachable, bad arguments, an unknown service.</summary>
    Unknown = 3,
}
