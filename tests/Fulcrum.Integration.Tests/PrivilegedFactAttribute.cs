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

    /// <summary>One more program the test needs (e.g. "wrk"); the test is skipped, with the package to install, without it.</summary>
    public string? Needs
    {
        get => field;
        set
        {
            field = value;
            if (Skip is null && value is not null && ToolPath.Find(value) is null)
            {
                Skip = $"privileged lab test: '{value}' is not installed: apt-get install -y {value}";
            }
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
