using System.Globalization;
using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Fulcrum.Integration.Tests.Guest;

/// <summary>
/// On the host, instead of invoking the test method: waits for its group's run in the guest (the
/// first test of the group starts it) and reports this test's outcome from there — failure message
/// and stack trace, the guest's time, and its output with the boot's summary above it.
/// </summary>
internal sealed class GuestOutcomeRunner(
    ITest test, IMessageBus messageBus, Type testClass, object[] constructorArguments, MethodInfo testMethod, object[] testMethodArguments,
    string skipReason, IReadOnlyList<BeforeAfterTestAttribute> beforeAfterAttributes, ExceptionAggregator aggregator, CancellationTokenSource cancellationTokenSource)
    : XunitTestRunner(test, messageBus, testClass, constructorArguments, testMethod, testMethodArguments, skipReason, beforeAfterAttributes, aggregator, cancellationTokenSource)
{
    protected override async Task<Tuple<decimal, string>> InvokeTestAsync(ExceptionAggregator aggregator)
    {
        var group = TestMethod.GetCustomAttribute<GuestFactAttribute>()!.Group;
        GuestSuiteRun suite;
        try
        {
            suite = await GuestSuite.RunAsync(group);
        }
        catch (Exception failure)
        {
            aggregator.Add(failure);
            return Tuple.Create(0m, string.Empty);
        }

        var name = GuestTestResult.NameOf(TestClass, TestMethod);
        if (!suite.Tests.TryGetValue(name, out var result))
        {
            aggregator.Add(new GuestTestFailedException($"{name} did not run in the guest: {suite.Run.Summary}\n{suite.Run.Tail()}"));
            return Tuple.Create(0m, suite.Run.Output);
        }

        if (result.Outcome != GuestTestResult.Passed)
        {
            aggregator.Add(new GuestTestFailedException(result.Message ?? result.Outcome, result.StackTrace));
        }

        return Tuple.Create(decimal.Parse(result.Seconds.ToString("0.000", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture), $"{suite.Run.Summary}\n{result.Output}");
    }
}
