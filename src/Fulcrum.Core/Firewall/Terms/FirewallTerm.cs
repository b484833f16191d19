namespace Fulcrum.Core.Firewall.Terms;

/// <summary>
/// One match or statement of a firewall rule, in the order nft evaluates it. <see cref="object.ToString"/>
/// gives its nft syntax (<c>ip saddr @admin</c>), so a rendered ruleset reads like <c>nft list table</c>.
/// </summary>
public abstract record FirewallTerm;
