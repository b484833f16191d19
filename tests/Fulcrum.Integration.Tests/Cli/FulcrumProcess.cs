using System.Diagnostics;

namespace Fulcrum.Integration.Tests.Cli;

/// <summary>Runs <c>./fulcrum</c> at the repository root as a user would, and captures what it prints.</summary>
internal static class FulcrumProcess
{
    public static string RepoRoot { get; } = FindRoot();

    public static Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args) =>
        RunWithEnvironmentAsync(new Dictionary<string, string>(), args);

    /// <summary>Runs it with extra environment variables (SSH_CONNECTION for the session check).</summary>
    public static async Task<(int Exit, string Stdout, string Stderr)> RunWithEnvironmentAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo(Path.Combine(RepoRoot, "fulcrum"))
        {
            WorkingDirectory = RepoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment.Remove("SSH_CONNECTION");
        foreach ((string name, string value) in environment)
        {
            start.Environment[name] = value;
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // The first call may build the CLI; a few minutes is the deadline, not an expected time.
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(deadline.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    private static string FindRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Fulcrum.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Fulcrum.slnx not found above " + AppContext.BaseDirectory);
    }
}
