using Fulcrum.Core.Collections;

namespace Fulcrum.Core.Firewall;

/// <summary>
/// The whole firewall table as Fulcrum writes it (<c>table inet fulcrum_filter</c>), rendered
/// deterministically from a <see cref="FirewallPolicy"/>: the same policy always gives the same sets,
/// chains and rules in the same order.
/// </summary>
public sealed record FirewallRuleset(string Table, EquatableArray<FirewallSet> Sets, EquatableArray<FirewallChain> Chains)
{
    /// <summary>The name of Fulcrum's firewall table (family inet).</summary>
    public const string DefaultTable = "fulcrum_filter";

    /// <summary>The ruleset as <c>nft list table</c> would print it (sets on one line each).</summary>
    public IEnumerable<string> Lines()
    {
        yield return $"table inet {Table} {{";
        foreach (FirewallSet set in Sets)
        {
            yield return "  " + set;
        }

        foreach (FirewallChain chain in Chains)
        {
            foreach (string line in chain.Lines())
            {
                yield return "  " + line;
            }
        }

        yield return "}";
    }

    /// <summary>The chain called <paramref name="name"/>.</summary>
    public FirewallChain Chain(string name) => Chains.First(c => c.Name == name);

    /// <summary>A short hash of <see cref="Lines"/> (what <c>FirewallStatus.RulesHash</c> reports).</summary>
    public string Hash()
    {
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(string.Join('\n', Lines()));
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))[..16];
    }
}
