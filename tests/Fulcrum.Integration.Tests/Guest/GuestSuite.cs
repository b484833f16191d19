using System.Collections.Concurrent;
using Fulcrum.Integration.Tests.Cli;

namespace Fulcrum.Integration.Tests.Guest;

/// <summary>
/// Boots the guest once per <see cref="GuestGroup"/> and test process, and runs every test of the
/// group there in one go (<see cref="GuestProgram"/>, this assembly run as a program inside);
/// each <see cref="GuestFactAttribute"/> test on the host then reads its own result.
/// </summary>
internal static class GuestSuite
{
    private const int RunsKept = 10;
    private static readonly ConcurrentDictionary<Type, Lazy<Task<GuestSuiteRun>>> Runs = new();

    public static Task<GuestSuiteRun> RunAsync(Type group) =>
        Runs.GetOrAdd(group, g => new Lazy<Task<GuestSuiteRun>>(() => BootAsync(g))).Value;

    private static async Task<GuestSuiteRun> BootAsync(Type groupType)
    {
        // The guest runs the CLI the host built (./fulcrum): build it here if a source changed, as
        // the guest must not (its root is read-only, and TCG would take minutes).
        var (exit, _, stderr) = await FulcrumProcess.RunAsync("--help");
        if (exit != 0)
        {
            throw new InvalidOperationException("./fulcrum could not be built for the guest:\n" + stderr);
        }

        var group = (GuestGroup)Activator.CreateInstance(groupType)!;
        var runs = Path.Combine(FulcrumProcess.RepoRoot, ".build", "guest", "runs");
        var directory = Path.Combine(runs, $"{groupType.Name}-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}");
        var results = Path.Combine(directory, "tests.json");
        var run = await GuestKernel.RunAsync(
            new GuestRunOptions(directory, group.Modules, group.MemoryMegabytes, group.Timeout),
            ["dotnet", typeof(GuestSuite).Assembly.Location, GuestProgram.RunTests, "--group", groupType.FullName!, "--results", results]);
        Prune(runs);
        return new GuestSuiteRun(run, GuestTestResults.Read(results).ToDictionary(t => t.Name, StringComparer.Ordinal));
    }

    /// <summary>Keeps the newest runs' directories (output, console log) for a look after a failure.</summary>
    private static void Prune(string runs)
    {
        foreach (var old in new DirectoryInfo(runs).GetDirectories().OrderByDescending(d => d.CreationTimeUtc).Skip(RunsKept))
        {
            try
            {
                old.Delete(recursive: true);
            }
            catch (IOException)
            {
                // another run's, in use
            }
        }
    }
}
