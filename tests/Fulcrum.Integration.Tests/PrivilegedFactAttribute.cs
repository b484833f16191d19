using Fulcrum.Lab;

namespace Fulcrum.Integration.Tests;

/// <summary>
/// A fact that needs root and the lab's programs (network namespaces, nginx, ping, curl).
/// Skipped, with the reason, where they are missing instead of failing.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class PrivilegedFactAttribute : FactAttribute
{
    public PrivilegedFactAttribute()
    {
        if (SkipReason is { } reason)
        {
            Skip = reason;
        }
    }

    /// <summary>Why privileged tests cannot run here, or null when they can.</summary>
    public static string? SkipReason { get; } = FindSkipReason();

    private static string? FindSkipReason()
    {
        var problems = LabPrerequisites.CheckForUp().ToList();
        foreach (var (program, package) in new[] { ("ping", "iputils-ping"), ("curl", "curl") })
        {
            if (ToolPath.Find(program) is null)
            {
                problems.Add($"'{program}' is not installed: apt-get install -y {package}");
            }
        }

        return problems.Count == 0 ? null : "privileged lab test: " + string.Join("; ", problems);
    }
}
