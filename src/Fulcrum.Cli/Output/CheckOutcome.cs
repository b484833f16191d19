namespace Fulcrum.Cli.Output;

/// <summary>What a Nagios plugin run ends with: the status (its exit code) and the one line it prints.</summary>
internal sealed record CheckOutcome(NagiosStatus Status, string Line)
{
    /// <summary>The plugin's exit code.</summary>
    public int ExitCode => (int)Status;
}
