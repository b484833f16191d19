namespace Fulcrum.Integration.Tests.Guest;

/// <summary>One boot of the guest kernel and the command it ran.</summary>
/// <param name="ExitCode">The command's exit code; 124 when the guest ran out of time, 125 when it could not run the command.</param>
/// <param name="Output">The command's stdout and stderr.</param>
/// <param name="Diagnostics">What the script printed (its summary line, why a boot failed).</param>
/// <param name="ResultsDirectory">Where the run's files are (output, exit-code, console.log, boot-seconds).</param>
/// <param name="Boot">Time from qemu's start to the command's start, measured on the host.</param>
/// <param name="Elapsed">Time from qemu's start to its exit.</param>
public sealed record GuestRun(int ExitCode, string Output, string Diagnostics, string ResultsDirectory, TimeSpan? Boot, TimeSpan Elapsed)
{
    /// <summary>One line for test output: kernel, boot and run times, where the files are.</summary>
    public string Summary => $"guest: {Diagnostics.Split('\n').LastOrDefault(l => l.StartsWith("guest-kernel: ", StringComparison.Ordinal))?["guest-kernel: ".Length..] ?? "no summary"}" +
        (Boot is { } boot ? $"; command started {boot.TotalSeconds:0.0} s after qemu" : "") + $"; exit {ExitCode}";

    /// <summary>The end of the output and the kernel console, for a failure message.</summary>
    public string Tail(int lines = 40)
    {
        var console = Path.Combine(ResultsDirectory, "console.log");
        var consoleText = File.Exists(console) ? File.ReadAllText(console) : "";
        return $"--- output (last {lines} lines)\n{Last(Output, lines)}\n--- script\n{Diagnostics}\n--- kernel console (last {lines} lines)\n{Last(consoleText, lines)}";
    }

    private static string Last(string text, int lines) => string.Join('\n', text.Split('\n').TakeLast(lines));
}
