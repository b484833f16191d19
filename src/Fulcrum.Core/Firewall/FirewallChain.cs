using Fulcrum.Core.Collections;

namespace Fulcrum.Core.Firewall;

/// <summary>
/// A base chain: <c>chain input { type filter hook input priority 0; policy drop; ... }</c>.
/// </summary>
/// <param name="Name">Chain name.</param>
/// <param name="Nat">Type nat (else filter).</param>
/// <param name="Hook">Netfilter hook.</param>
/// <param name="Priority">Priority (-300 raw, 0 filter, 100 srcnat).</param>
/// <param name="DropByDefault">Policy drop (else accept).</param>
/// <param name="Rules">The rules in order.</param>
public sealed record FirewallChain(string Name, bool Nat, FirewallHook Hook, int Priority, bool DropByDefault, EquatableArray<FirewallRule> Rules)
{
    /// <summary>The chain as <c>nft list table</c> prints it.</summary>
    public IEnumerable<string> Lines()
    {
        yield return $"chain {Name} {{";
        yield return $"  type {(Nat ? "nat" : "filter")} hook {Hook.ToString().ToLowerInvariant()} priority {Priority}; policy {(DropByDefault ? "drop" : "accept")};";
        foreach (FirewallRule rule in Rules)
        {
            yield return "  " + rule;
        }

        yield return "}";
    }
}
