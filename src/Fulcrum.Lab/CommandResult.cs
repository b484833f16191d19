namespace Fulcrum.Lab;

/// <summary>How a command ended and what it printed.</summary>
public sealed record CommandResult(IReadOnlyList<string> Argv, int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>Returns this result, or throws a <see cref="CommandFailedException"/> naming the command and its stderr.</summary>
    public CommandResult EnsureSuccess() => Succeeded ? this : throw new CommandFailedException(this);
}
