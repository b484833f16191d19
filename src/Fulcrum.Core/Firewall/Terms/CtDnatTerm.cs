namespace Fulcrum.Core.Firewall.Terms;

/// <summary><c>ct status dnat</c>: the flow was destination-NATed (by the data plane: a virtual service).</summary>
public sealed record CtDnatTerm : FirewallTerm
{
    /// <summary>IPS_DST_NAT (include/uapi/linux/netfilter/nf_conntrack_common.h).</summary>
    public const uint DestinationNatBit = 1u << 5;

    /// <summary>The one instance.</summary>
    public static CtDnatTerm Instance { get; } = new();

    /// <inheritdoc />
    public override string ToString() => "ct status dnat";
}
