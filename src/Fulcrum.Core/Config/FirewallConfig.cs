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

    /// <summary>
    /// The nflog group (0-65535) the rate-limited drop log goes to (<c>log group N</c>, read by ulogd2 or
    /// <c>tcpdump -i nflog:N</c> in the node's namespace); null for the kernel log, which the kernel
    /// keeps silent inside a network namespace unless the host sets <c>net.netfilter.nf_log_all_netns=1</c>.
    /// </summary>
    public ushort? LogGroup { get; init; }
}
