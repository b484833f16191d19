using System.Diagnostics;

namespace Fulcrum.Integration.Tests.Netlink;

/// <summary>
/// A fact that needs root (network namespaces, nf_tables) and the <c>ip</c> and <c>nft</c>
/// programs. Skipped, with the reason, where they are missing instead of failing.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class NetlinkPrivilegedFactAttribute : FactAttribute
{
    public NetlinkPrivilegedFactAttribute()
    {
        if (SkipReason is { } reason)
        {
            Skip = reason;
        }
    }

    /// <summary>Why these tests cannot run here, or null when they can.</summary>
    public static string? SkipReason { get; } = FindSkipReason();

    private static string? FindSkipReason()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "netlink test: Linux only";
        }

        if (Environment.UserName != "root")
        {
            return "netlink test: needs root (network namespaces, nf_tables)";
        }

        foreach (var program in new[] { "ip", "nft" })
        {
            if (!Exists(program))
            {
                return $"netlink test: '{program}' is not installed (apt-get install -y iproute2 nftables)";
            }
        }

        return null;
    }

    private static bool Exists(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin")
            .Split(':')
            .Append("/usr/sbin")
            .Any(directory => File.Exists(Path.Combine(directory, program)));
}
