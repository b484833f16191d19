using Xunit.Abstractions;
using Xunit.Sdk;

namespace Fulcrum.Integration.Tests.Systemd;

/// <summary>Marks the place of a test in a sequence of scenarios that share one pair of containers.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ScenarioAttribute(int order) : Attribute
{
    public int Order { get; } = order;
}

/// <summary>Runs a class's tests in the order of their <see cref="ScenarioAttribute"/>: each starts from the state the one before left.</summary>
public sealed class ScenarioOrderer : ITestCaseOrderer
{
    public const string Name = "Fulcrum.Integration.Tests.Systemd.ScenarioOrderer";
    public const string Assembly = "Fulcrum.Integration.Tests";

    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases)
        where TTestCase : ITestCase =>
        testCases.OrderBy(t => t.TestMethod.Method.GetCustomAttributes(typeof(ScenarioAttribute).AssemblyQualifiedName!)
            .Select(a => (int)a.GetConstructorArguments().First()).FirstOrDefault());
}
