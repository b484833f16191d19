using System.Reflection;

namespace Fulcrum.Integration.Tests.Guest;

/// <summary>One test's outcome in the guest, as <see cref="GuestSuiteRunner"/> writes it (JSON) and the host reads it.</summary>
/// <param name="Name">Namespace.Class.Method, and the arguments of a theory's case.</param>
/// <param name="Outcome"><see cref="Passed"/>, <see cref="Failed"/> or <see cref="Skipped"/>.</param>
/// <param name="Seconds">How long it ran in the guest.</param>
/// <param name="Output">What it wrote to its ITestOutputHelper.</param>
/// <param name="Message">The failure (exception type and message) or the skip reason.</param>
/// <param name="StackTrace">The failure's stack trace in the guest.</param>
public sealed record GuestTestResult(string Name, string Outcome, double Seconds, string Output, string? Message, string? StackTrace)
{
    public const string Passed = "passed";
    public const string Failed = "failed";
    public const string Skipped = "skipped";

    /// <summary>The name a test method's result is filed under.</summary>
    public static string NameOf(Type testClass, MethodInfo method) => $"{testClass.FullName}.{method.Name}";
}
