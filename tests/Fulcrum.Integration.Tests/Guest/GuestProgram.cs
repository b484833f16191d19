using System.Reflection;

namespace Fulcrum.Integration.Tests.Guest;

/// <summary>
/// The test assembly's entry point, for running tests inside the guest without a test host:
/// <code>
/// dotnet Fulcrum.Integration.Tests.dll --guest-tests --group Fulcrum.Integration.Tests.Guest.Debian12Kernel --results FILE
/// dotnet Fulcrum.Integration.Tests.dll --guest-tests --filter FirewallKernelTests --results FILE
/// </code>
/// <c>--group</c> runs the <see cref="GuestFactAttribute"/> tests of that group (what
/// <see cref="GuestSuite"/> does); <c>--filter</c> runs every fact and theory whose
/// Namespace.Class.Method contains the text — any existing test, in the guest kernel, by hand
/// (ARCHITECTURE.md, "Guest-kernel tests"). Exit code 0 when every test passed, 1 when one
/// failed or none ran, 2 for a usage error. vstest never calls this.
/// </summary>
public static class GuestProgram
{
    /// <summary>The argument that selects this mode.</summary>
    public const string RunTests = "--guest-tests";

    public static async Task<int> Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        string? group = null, filter = null, results = null;
        for (var i = 0; i + 1 < args.Length; i++)
        {
            switch (args[i])
            {
                case "--group":
                    group = args[++i];
                    break;
                case "--filter":
                    filter = args[++i];
                    break;
                case "--results":
                    results = args[++i];
                    break;
            }
        }

        if (args.FirstOrDefault() != RunTests || (group is null) == (filter is null))
        {
            await Console.Error.WriteLineAsync($"usage: {RunTests} (--group GUEST_GROUP_TYPE | --filter TEXT) [--results FILE]");
            return 2;
        }

        Func<Type, MethodInfo, Xunit.FactAttribute, bool> selected = group is not null
            ? (_, _, fact) => fact is GuestFactAttribute guest && guest.Group.FullName == group
            : (type, method, _) => GuestTestResult.NameOf(type, method).Contains(filter!, StringComparison.Ordinal);
        var outcome = await GuestSuiteRunner.RunAsync(selected, results);
        var passed = outcome.Count(r => r.Outcome == GuestTestResult.Passed);
        var failed = outcome.Count(r => r.Outcome == GuestTestResult.Failed);
        Console.WriteLine($"{passed} passed, {failed} failed, {outcome.Count - passed - failed} skipped");
        return failed == 0 && passed > 0 ? 0 : 1;
    }
}
