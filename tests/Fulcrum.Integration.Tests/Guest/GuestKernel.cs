using System.Diagnostics;
using System.Globalization;
using Fulcrum.Integration.Tests.Cli;

namespace Fulcrum.Integration.Tests.Guest;

/// <summary>
/// Debian's own kernel under qemu with this host's root as the guest's (<c>scripts/guest-kernel</c>):
/// boots, runs one command inside, returns its exit code and output. The building block of
/// <see cref="GuestSuite"/>; usable on its own for a command that is not a test.
/// </summary>
public static class GuestKernel
{
    /// <summary>The script that boots the guest.</summary>
    public static string Script { get; } = Path.Combine(FulcrumProcess.RepoRoot, "scripts", "guest-kernel");

    /// <summary>The guest kernel's release when this process runs inside the guest (FULCRUM_GUEST_KERNEL); null on the host.</summary>
    public static string? InsideRelease => Environment.GetEnvironmentVariable("FULCRUM_GUEST_KERNEL");

    /// <summary>Boots the guest, runs <paramref name="command"/> (working directory: the repository root) and powers it off.</summary>
    public static async Task<GuestRun> RunAsync(GuestRunOptions options, IReadOnlyList<string> command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(command);
        Directory.CreateDirectory(options.ResultsDirectory);
        var start = new ProcessStartInfo(Script)
        {
            WorkingDirectory = FulcrumProcess.RepoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        string[] arguments =
        [
            "--quiet", "--results", options.ResultsDirectory, "--cwd", FulcrumProcess.RepoRoot,
            "--memory", options.MemoryMegabytes.ToString(CultureInfo.InvariantCulture),
            "--timeout", ((int)options.Timeout.TotalSeconds).ToString(CultureInfo.InvariantCulture),
            .. options.Modules.Count > 0 ? new[] { "--modules", string.Join(' ', options.Modules) } : [],
            "--", .. command,
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The script, its `timeout` and qemu, each by its pid.
            process.Kill(entireProcessTree: true);
            throw;
        }

        var elapsed = clock.Elapsed;
        var diagnostics = (await stdout + await stderr).Trim();
        var outputFile = Path.Combine(options.ResultsDirectory, "output");
        var output = File.Exists(outputFile) ? await File.ReadAllTextAsync(outputFile, cancellationToken) : "";
        return new GuestRun(process.ExitCode, output, diagnostics, options.ResultsDirectory, BootTime(options.ResultsDirectory), elapsed);
    }

    /// <summary>
    /// Host time from the run's start (the command file written just before qemu started) to the
    /// command's start (boot-seconds, written through 9p by qemu on the host): the guest clock runs
    /// slow under TCG, file times do not.
    /// </summary>
    private static TimeSpan? BootTime(string results)
    {
        var command = Path.Combine(results, ".guest", "command");
        var booted = Path.Combine(results, "boot-seconds");
        return File.Exists(command) && File.Exists(booted) ? File.GetLastWriteTimeUtc(booted) - File.GetLastWriteTimeUtc(command) : null;
    }
}
