using System.Net;
using Fulcrum.Core.Collections;
using Fulcrum.Core.Config;
using Fulcrum.Core.Net;

namespace Fulcrum.Core.Firewall;

/// <summary>
/// Everything the gateway firewall of one node is made from (built from a <see cref="NodeView"/> by
/// <see cref="FirewallPolicyBuilder"/>); <see cref="FirewallRenderer"/> turns it into rules.
/// </summary>
/// <param name="PublicInterface">Where clients (and the internet) are.</param>
/// <param name="PrivateInterface">Where the real servers are.</param>
/// <param name="PublicPrefix">The public network's prefix.</param>
/// <param name="PrivatePrefix">The real servers' prefix.</param>
/// <param name="SnatAddress">The public VIP the real servers' outbound traffic is source-NATed to.</param>
/// <param name="OwnAddresses">This node's addresses and every VIP: never a genuine source on the public side.</param>
/// <param name="VrrpPeers">The peer's address per interface (VRRP is accepted only from them).</param>
/// <param name="AdminNetworks">Who may reach SSH and the admin ports (on the node's own addresses, never on a VIP).</param>
/// <param name="SshPort">The admin SSH port.</param>
/// <param name="AdminPorts">More ports open only to the admin networks.</param>
/// <param name="Ban">Brute-force blocking on the SSH port.</param>
/// <param name="BanExempt">Never banned: the configured exemptions, the peer's addresses and (with <c>ban.exempt_admin</c>) the admin networks.</param>
/// <param name="Services">The virtual services (open to everyone).</param>
/// <param name="Egress">What the real servers may open outside.</param>
/// <param name="IcmpEchoRate">Echo requests answered per second; 0 none.</param>
/// <param name="AntiSpoofing">Drop spoofed sources on the public side.</param>
/// <param name="Bogons">Sources that cannot come from the public side (private prefix, martians).</param>
public sealed record FirewallPolicy(
    string PublicInterface,
    string PrivateInterface,
    IPNetwork PublicPrefix,
    IPNetwork PrivatePrefix,
    IPAddress SnatAddress,
    EquatableArray<IPAddress> OwnAddresses,
    EquatableArray<VrrpPeerAddress> VrrpPeers,
    EquatableArray<IPNetwork> AdminNetworks,
    ushort SshPort,
    EquatableArray<PortRule> AdminPorts,
    BanConfig Ban,
    EquatableArray<IPNetwork> BanExempt,
    EquatableArray<ListenEndpoint> Services,
    EgressConfig Egress,
    int IcmpEchoRate,
    bool AntiSpoofing,
    EquatableArray<IPNetwork> Bogons)
{
    /// <summary>The virtual addresses (public and private): they float between the nodes, so admin ports are never open on them.</summary>
    public EquatableArray<IPAddress> Vips { get; init; } = [];

    /// <summary>TCP services whose handshakes the kernel's SYN proxy completes with the client first.</summary>
    public EquatableArray<ListenEndpoint> SynProxyServices { get; init; } = [];

    /// <summary>Services with a cap on the connections each client address holds open.</summary>
    public EquatableArray<ServiceClientLimit> ClientLimits { get; init; } = [];

    /// <summary>The nflog group of the drop log; null for the kernel log.</summary>
    public ushort? LogGroup { get; init; }

    /// <summary>Connection-sync datagrams accepted from the peer; null when sync is off.</summary>
    public ConnectionSyncPeer? ConnectionSync { get; init; }
}
