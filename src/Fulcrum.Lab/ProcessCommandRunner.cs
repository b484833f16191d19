using System.ComponentModel;
using System.Diagnostics;

namespace Fulcrum.Lab;

/// <summary>Runs commands as child processes with an argument list, capturing stdout and stderr.</summary>
public sealed class ProcessCommandRunner : ICommandRunner
{
    private readonly TimeSpan _timeout;

    /// <param name="timeout">Longest a single command may run before it is killed (default 30 s).</param>
    public ProcessCommandRunner(TimeSpan? timeout = null) => _timeout = timeout ?? TimeSpan.FromSeconds(30);

    public async Task<CommandResult> RunAsync(IReadOnlyList<string> argv, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfZero(argv.Count, nameof(argv));
        var startInfo = new ProcessStartInfo(argv[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in argv.Skip(1))
        {
            startInfo.ArgumentList.Add(arg);
        }

        startInfo.Environment["PATH"] = ToolPath.SearchPath;
        startInfo.Environment["LC_ALL"] = "C"; // stable, parseable messages

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new CommandFailedException($"cannot run `{CommandLineText.Format(argv)}`: {e.Message}", e);
        }

        process.StandardInput.Close();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            return new CommandResult(argv, process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new CommandFailedException($"`{CommandLineText.Format(argv)}` did not finish within {_timeout.TotalSeconds:0.#} s and was killed");
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
    }
}
