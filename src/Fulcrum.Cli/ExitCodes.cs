namespace Fulcrum.Cli;

/// <summary>Process exit codes shared by every subcommand (documented in the README).</summary>
internal static class ExitCodes
{
    /// <summary>The command did what was asked (for <c>validate</c>: the file is valid).</summary>
    public const int Ok = 0;

    /// <summary>The command ran but the answer is "no": an invalid file, a failed operation.</summary>
    public const int Failure = 1;

    /// <summary>The command line itself is wrong: unknown option, missing argument.</summary>
    public const int Usage = 2;
}
