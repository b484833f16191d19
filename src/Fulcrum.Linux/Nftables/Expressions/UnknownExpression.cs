using Fulcrum.Linux.Netlink;

namespace Fulcrum.Linux.Nftables.Expressions;

/// <summary>An expression Fulcrum does not model (e.g. written by another tool), kept as its raw NFTA_EXPR_DATA.</summary>
public sealed record UnknownExpression(string ExpressionName, NftData RawData) : NftExpression
{
    /// <inheritdoc />
    public override string Name => ExpressionName;

    internal override void WriteData(NetlinkMessageWriter writer) => writer.WriteBytes(RawData.Span);
}
