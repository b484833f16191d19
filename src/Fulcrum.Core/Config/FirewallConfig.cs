namespace Fulcrum.Core.Config;

/// <summary>The gateway firewall: who may administer the nodes and what the real servers may reach outside.</summary>
public sealed record FirewallConfig(AdminAccessConfig Admin, EgressConfig Egress);
