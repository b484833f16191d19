using Fulcrum.Integration.Tests.Netlink;

namespace Fulcrum.Integration.Tests.Conntrack;

/// <summary>
/// A fact that needs root, network namespaces, nftables and the <c>conntrack</c> program (for
/// cross-checks). Skipped, with the reason, where they are missing instead of failing.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ConntrackPrivilegedFactAttribute : FactAttribute
{
    public ConntrackPrivilegedFactAttribute()
    {
        if (SkipReason is { } reason)
        {
            Skip = reason;
        }
    }

    /// <summary>Why these tests cannot run here, or null when they can.</summary>
    public static string? SkipReason { get; } = NetlinkPrivilegedFactAttribute.SkipReason
        ?? (File.Exists("/usr/sbin/conntrack") || File.Exists("/usr/bin/conntrack")
            ? null
            : "conntrack test: 'conntrack' is not installed (apt-get install -y conntrack)");
}
