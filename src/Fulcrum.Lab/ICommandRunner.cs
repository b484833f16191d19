namespace Fulcrum.Lab;

/// <summary>
/// Runs an external program (<c>ip</c>, <c>nginx</c>, ...) from an argument list, never a shell string.
/// The lab does all its kernel work through this port, so a recording fake can check the exact sequence.
/// </summary>
public interface ICommandRunner
{
    /// <summary>Runs <paramref name="argv"/> (program first) to completion. A non-zero exit is a result, not an exception.</summary>
    Task<CommandResult> RunAsync(IReadOnlyList<string> argv, CancellationToken cancellationToken);
}
