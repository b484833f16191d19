using Fulcrum.Core.Collections;
using Fulcrum.Core.Firewall.Terms;

namespace Fulcrum.Core.Firewall;

/// <summary>One rule: terms in order, a verdict, and a comment that names it (counters are read by it).</summary>
public sealed record FirewallRule(EquatableArray<FirewallTerm> Terms, FirewallVerdict Verdict, string Comment)
{
    /// <summary>The rule as <c>nft list</c> prints it, e.g. <c>tcp dport 2222 ip saddr @admin accept comment "admin_ssh"</c>.</summary>
    public override string ToString()
    {
        var parts = Terms.Select(t => t.ToString()).ToList();
        if (Verdict != FirewallVerdict.Continue)
        {
            parts.Add(Verdict == FirewallVerdict.Accept ? "accept" : "drop");
        }

        parts.Add($"comment \"{Comment}\"");
        return string.Join(' ', parts);
    }
}
