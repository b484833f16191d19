using System.Text.RegularExpressions;

namespace Fulcrum.Core.Config.Reading;

/// <summary>Spelling rules for the names a config gives to things.</summary>
internal static partial class Names
{
    public const string NameRule = "lowercase letters, digits, '-' and '_', starting with a letter or digit, at most 32 characters";

    public const string NodeNameRule = "lowercase letters, digits and '-', starting with a letter or digit, at most 63 characters";

    /// <summary>Cluster, network and service names.</summary>
    public static bool IsValidName(string name) => NamePattern().IsMatch(name);

    /// <summary>Node names double as host names, so they follow host-name rules (no '_').</summary>
    public static bool IsValidNodeName(string name) => NodeNamePattern().IsMatch(name);

    /// <summary>Linux <c>dev_valid_name()</c>: 1-15 bytes, not "." or "..", no '/', ':' or whitespace.</summary>
    public static bool IsValidInterfaceName(string name) =>
        name.Length is >= 1 and <= 15 && name is not "." and not ".."
        && !name.Any(c => c is '/' or ':' || char.IsWhiteSpace(c) || char.IsControl(c) || c > 0x7F);

    /// <summary>A DNS name as a probe queries it: labels of letters, digits, '-' and '_', at most 253 characters.</summary>
    public static bool IsValidDnsName(string name) => name.Length <= 253 && DnsNamePattern().IsMatch(name);

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,31}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex NodeNamePattern();

    [GeneratedRegex(@"^([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?\.)*[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?\.?$")]
    private static partial Regex DnsNamePattern();
}
