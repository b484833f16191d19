namespace Fulcrum.Core.Firewall.Terms;

/// <summary><c>log prefix "..."</c>: a kernel log line (level warning) for the packet.</summary>
public sealed record LogTerm(string Prefix) : FirewallTerm
{
    /// <inheritdoc />
    public override string ToString() => $"log prefix \"{Prefix}\"";
}
