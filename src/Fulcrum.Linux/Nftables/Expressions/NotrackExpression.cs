using Fulcrum.Linux.Netlink;

namespace Fulcrum.Linux.Nftables.Expressions;

/// <summary><c>notrack</c>: conntrack leaves the packet alone (<c>ct state untracked</c>); only before conntrack (priority raw, prerouting or output).</summary>
public sealed record NotrackExpression : NftExpression
{
    /// <summary>The one instance.</summary>
    public static NotrackExpression Instance { get; } = new();

    /// <inheritdoc />
    public override string Name => "notrack";

    internal override void WriteData(NetlinkMessageWriter writer)
    {
        // No attributes.
    }
}
