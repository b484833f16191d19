namespace Fulcrum.Lab;

/// <summary>A command exited non-zero, timed out or could not be started.</summary>
public sealed class CommandFailedException : Exception
{
    public CommandFailedException()
    {
    }

    public CommandFailedException(string message)
        : base(message)
    {
    }

    public CommandFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CommandFailedException(CommandResult result)
        : base(Describe(result))
    {
        Result = result;
    }

    /// <summary>The failed run, when the command ran at all.</summary>
    public CommandResult? Result { get; }

    private static string Describe(CommandResult result)
    {
        var stderr = result.StandardError.Trim();
        var detail = stderr.Length > 0 ? stderr : result.StandardOutput.Trim();
        return $"`{CommandLineText.Format(result.Argv)}` exited with {result.ExitCode}" +
               (detail.Length > 0 ? $": {detail}" : "");
    }
}
