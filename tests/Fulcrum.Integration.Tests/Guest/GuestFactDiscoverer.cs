using Xunit.Abstractions;
using Xunit.Sdk;

namespace Fulcrum.Integration.Tests.Guest;

/// <summary>Makes each <see cref="GuestFactAttribute"/> method a <see cref="GuestTestCase"/>.</summary>
public sealed class GuestFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    /// <inheritdoc />
    protected override IXunitTestCase CreateTestCase(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        new GuestTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod);
}
