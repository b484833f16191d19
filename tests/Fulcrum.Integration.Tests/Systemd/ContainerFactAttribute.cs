using Fulcrum.Lab;

namespace Fulcrum.Integration.Tests.Systemd;

/// <summary>
/// A privileged lab fact that also needs systemd-nspawn (systemd-container), mmdebstrap and
/// dpkg-deb: skipped, with the packages to install, where they are missing.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ContainerFactAttribute : FactAttribute
{
    public ContainerFactAttribute()
    {
        if (SkipReason is { } reason)
        {
            Skip = reason;
        }
    }

    public static string? SkipReason { get; } = FindSkipReason();

    private static string? FindSkipReason()
    {
        if (PrivilegedFactAttribute.SkipReason is { } privileged)
        {
            return privileged;
        }

        var missing = new[] { ("systemd-nspawn", "systemd-container"), ("mmdebstrap", "mmdebstrap"), ("dpkg-deb", "dpkg"), ("nsenter", "util-linux") }
            .Where(t => ToolPath.Find(t.Item1) is null).Select(t => t.Item2).ToList();
        return missing.Count == 0 ? null : $"systemd container test: apt-get install -y {string.Join(' ', missing)}";
    }
}
