using System.Globalization;

namespace Fulcrum.Core.Firewall.Terms;

/// <summary>
/// <c>log prefix "..."</c>: a kernel log line (level warning) for the packet; with <paramref name="Group"/>,
/// <c>log prefix "..." group N</c>: the packet goes to nflog group N (nfnetlink_log) for a listener in
/// the same network namespace instead.
/// </summary>
public sealed record LogTerm(string Prefix, ushort? Group = null) : FirewallTerm
{
    /// <inheritdoc />
    public override string ToString() => Group is { } group
        ? string.Create(CultureInfo.InvariantCulture, $"log prefix \"{Prefix}\" group {group}")
        : $"log prefix \"{Prefix}\"";
}
