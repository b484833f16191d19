namespace Fulcrum.Integration.Tests.Guest;

/// <summary>A group's boot and the outcome of each of its tests, by <see cref="GuestTestResult.Name"/>.</summary>
internal sealed record GuestSuiteRun(GuestRun Run, IReadOnlyDictionary<string, GuestTestResult> Tests);
