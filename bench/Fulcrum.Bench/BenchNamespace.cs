using System.Diagnostics;

namespace Fulcrum.Bench;

/// <summary>A network namespace <c>ftbench-XXXXXX</c> the benchmark creates and removes; nothing touches the host's own.</summary>
internal sealed class BenchNamespace : IDisposable
{
    public BenchNamespace()
    {
        Name = "ftbench-" + Guid.NewGuid().ToString("N")[..6];
        Run("ip", "netns", "add", Name);
    }

    public string Name { get; }

    public static string Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output.Result : throw new InvalidOperationException($"{program} {string.Join(' ', arguments)}: {error}");
    }

    public void Dispose() => Run("ip", "netns", "delete", Name);
}
