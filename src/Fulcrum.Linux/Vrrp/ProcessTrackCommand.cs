using System.Diagnostics;
using Fulcrum.Core.Vrrp;

namespace Fulcrum.Linux.Vrrp;

/// <summary>
/// Runs a track command as a child process, without a shell: the first word is the program, the
/// rest its arguments. Its output is read and dropped. On cancellation (timeout or stop) the
/// process and its children are killed (by pid).
/// </summary>
public sealed class ProcessTrackCommand : IVrrpTrackCommand
{
    /// <inheritdoc />
    public async Task<bool> RunAsync(string run, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(run);
        var argv = run.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var start = new ProcessStartInfo(argv[0])
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in argv.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start '{argv[0]}'.");
        process.StandardInput.Close();
        process.OutputDataReceived += static (_, _) => { };
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        return process.ExitCode == 0;
    }
}
