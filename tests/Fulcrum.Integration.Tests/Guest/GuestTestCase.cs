using Xunit.Abstractions;
using Xunit.Sdk;

namespace Fulcrum.Integration.Tests.Guest;

/// <summary>
/// A test that ran in the guest; on the host its run reports the guest's outcome. Carries the trait
/// <c>Category=GuestKernel</c>, so a test run can take these apart from the rest
/// (<c>scripts/test</c> runs them after the others: qemu's TCG uses both cores).
/// </summary>
public sealed class GuestTestCase : XunitTestCase
{
    /// <summary>The trait name and value every guest test carries.</summary>
    public const string Category = "Category", GuestKernel = "GuestKernel";

    /// <summary>For the de-serializer.</summary>
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public GuestTestCase()
    {
    }

    /// <summary>Creates the test case for one guest fact.</summary>
    public GuestTestCase(IMessageSink diagnosticMessageSink, TestMethodDisplay defaultMethodDisplay, TestMethodDisplayOptions defaultMethodDisplayOptions, ITestMethod testMethod)
        : base(diagnosticMessageSink, defaultMethodDisplay, defaultMethodDisplayOptions, testMethod)
    {
    }

    /// <inheritdoc />
    protected override void Initialize()
    {
        base.Initialize();
        Traits[Category] = [GuestKernel];
    }

    /// <inheritdoc />
    public override Task<RunSummary> RunAsync(
        IMessageSink diagnosticMessageSink, IMessageBus messageBus, object[] constructorArguments, ExceptionAggregator aggregator, CancellationTokenSource cancellationTokenSource) =>
        // A fresh aggregator: the test class is never constructed on the host, so xunit's complaint
        // that it cannot supply the guest-side fixtures its constructor takes does not apply.
        new GuestTestCaseRunner(this, DisplayName, SkipReason, constructorArguments, TestMethodArguments, messageBus, new ExceptionAggregator(), cancellationTokenSource).RunAsync();
}
