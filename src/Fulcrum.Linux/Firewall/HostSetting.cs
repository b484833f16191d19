namespace Fulcrum.Linux.Firewall;

/// <summary>One kernel setting the gateway role needs, and what became of it.</summary>
/// <param name="Name">The sysctl name, e.g. <c>net.ipv4.ip_forward</c>.</param>
/// <param name="Wanted">The value the role needs (null for a value that is only checked).</param>
/// <param name="Before">The value found, or null when it could not be read.</param>
/// <param name="Ok">Whether the setting is now as wanted (or the check passed).</param>
/// <param name="Message">What was done, or why it could not be.</param>
public sealed record HostSetting(string Name, string? Wanted, string? Before, bool Ok, string Message);
