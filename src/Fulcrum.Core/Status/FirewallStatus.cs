namespace Fulcrum.Core.Status;

/// <summary>The gateway firewall on this node: whether Fulcrum's rules are in the kernel, and a hash of what was applied.</summary>
public sealed record FirewallStatus(bool Applied, string? RulesHash, DateTimeOffset? AppliedAt);
