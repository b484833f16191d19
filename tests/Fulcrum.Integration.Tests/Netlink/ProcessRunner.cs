using System.Diagnostics;

namespace Fulcrum.Integration.Tests.Netlink;

/// <summary>Runs a program to completion and returns its output (<see cref="Run"/> throws with stderr when it fails).</summary>
internal static class ProcessRunner
{
    public static string Run(string program, params string[] arguments)
    {
        var (exit, output, error) = Start(program, arguments);
        if (exit != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited {exit}: {error}");
        }

        return output;
    }

    /// <summary>Runs <c>argv[0]</c> with the rest as arguments; a failing exit status is the caller's to judge.</summary>
    public static (int Exit, string Output) RunAllowingFailure(params string[] argv)
    {
        var (exit, output, _) = Start(argv[0], argv[1..]);
        return (exit, output);
    }

    private static (int Exit, string Output, string Error) Start(string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error);
    }
}
