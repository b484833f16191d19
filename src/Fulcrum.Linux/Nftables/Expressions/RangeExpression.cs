using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Linux.Nftables.Expressions;

/// <summary><c>range</c>: matches when the register lies in [from, to] (big-endian comparison), e.g. <c>tcp dport 1000-2000</c>.</summary>
public sealed record RangeExpression(NftRegister Source, NftRangeOperator Operator, NftData From, NftData To) : NftExpression
{
    /// <inheritdoc />
    public override string Name => "range";

    internal override void WriteData(NetlinkMessageWriter writer)
    {
        NftWire.WriteRegister(writer, NfTables.NFTA_RANGE_SREG, Source);
        NftWire.WriteU32(writer, NfTables.NFTA_RANGE_OP, (uint)Operator);
        NftWire.WriteData(writer, NfTables.NFTA_RANGE_FROM_DATA, From);
        NftWire.WriteData(writer, NfTables.NFTA_RANGE_TO_DATA, To);
    }

    internal static RangeExpression Parse(NetlinkAttributeReader data)
    {
        var expression = new RangeExpression(NftRegister.Verdict, NftRangeOperator.Equal, default, default);
        while (data.TryRead(out var attribute))
        {
            expression = attribute.Type switch
            {
                NfTables.NFTA_RANGE_SREG => expression with { Source = NftWire.ReadRegister(attribute) },
                NfTables.NFTA_RANGE_OP => expression with { Operator = (NftRangeOperator)NftWire.ReadU32(attribute) },
                NfTables.NFTA_RANGE_FROM_DATA => expression with { From = NftWire.ReadData(attribute) ?? default },
                NfTables.NFTA_RANGE_TO_DATA => expression with { To = NftWire.ReadData(attribute) ?? default },
                _ => expression,
            };
        }

        return expression;
    }
}
