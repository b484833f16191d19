using Xunit.Abstractions;

namespace Fulcrum.Integration.Tests.Guest;

/// <summary>
/// Runs existing test classes again inside the guest, from a guest test: the kernel-level tests
/// written for this machine's kernel then also prove the older one (their facts and theories, with
/// their own fixtures). The guest test fails, listing each failure, unless every one passed.
/// </summary>
internal static class GuestReplay
{
    public static async Task RunAsync(ITestOutputHelper output, params Type[] testClasses)
    {
        var results = await GuestSuiteRunner.RunAsync((type, _, _) => testClasses.Contains(type), resultsFile: null);
        foreach (var result in results)
        {
            output.WriteLine($"{result.Outcome}: {result.Name} ({result.Seconds:0.0} s){(result.Message is null ? "" : "\n  " + result.Message)}");
        }

        var failed = results.Where(r => r.Outcome != GuestTestResult.Passed).ToList();
        Assert.True(
            results.Count > 0 && failed.Count == 0,
            results.Count == 0 ? $"no test of {string.Join(", ", testClasses.Select(t => t.Name))} ran" :
                string.Join("\n\n", failed.Select(f => $"{f.Name}: {f.Outcome}: {f.Message}\n{f.StackTrace}\n{f.Output}")));
    }
}
