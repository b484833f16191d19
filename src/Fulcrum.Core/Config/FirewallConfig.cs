namespace Fulcrum.Core.Config;

/// <summary>The gateway firewall: who may administer the nodes and what the real servers may reach outside.</summary>
public sealed record FirewallConfig(AdminAccessConfig Admin, EgressConfig Egress)
{
    /// <summary>The default of <see cref="IcmpEchoRate"/>.</summary>
    public const int DefaultIcmpEchoRate = 10;

    /// <summary>ICMP echo requests per second the nodes answer (burst twice that); 0 answers none.</summary>
    public int IcmpEchoRate { get; init; } = DefaultIcmpEchoRate;

    /// <summary>Drop packets from the public side whose source is spoofed (reverse path, own and private addresses, martians).</summary>
    public bool AntiSpoofing { get; init; } = true;
}
