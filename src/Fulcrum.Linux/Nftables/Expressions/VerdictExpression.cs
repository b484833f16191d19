using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Linux.Nftables.Expressions;

/// <summary>
/// <c>immediate</c> loading a verdict into <see cref="NftRegister.Verdict"/>: the <c>accept</c>,
/// <c>drop</c>, <c>jump CHAIN</c>, <c>goto CHAIN</c> at the end of a rule.
/// </summary>
public sealed record VerdictExpression(NftVerdict Verdict) : NftExpression
{
    /// <inheritdoc />
    public override string Name => "immediate";

    internal override void WriteData(NetlinkMessageWriter writer)
    {
        NftWire.WriteRegister(writer, NfTables.NFTA_IMMEDIATE_DREG, NftRegister.Verdict);
        NftWire.WriteVerdict(writer, NfTables.NFTA_IMMEDIATE_DATA, Verdict);
    }
}
