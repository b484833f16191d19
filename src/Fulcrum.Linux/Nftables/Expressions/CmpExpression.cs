using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Linux.Nftables.Expressions;

/// <summary><c>cmp</c>: compares a register with a constant; the rule stops here when false (<c>meta l4proto tcp</c>).</summary>
public sealed record CmpExpression(NftRegister Source, NftCmpOperator Operator, NftData Data) : NftExpression
{
    /// <inheritdoc />
    public override string Name => "cmp";

    internal override void WriteData(NetlinkMessageWriter writer)
    {
        NftWire.WriteRegister(writer, NfTables.NFTA_CMP_SREG, Source);
        NftWire.WriteU32(writer, NfTables.NFTA_CMP_OP, (uint)Operator);
        NftWire.WriteData(writer, NfTables.NFTA_CMP_DATA, Data);
    }

    internal static CmpExpression Parse(NetlinkAttributeReader data)
    {
        var expression = new CmpExpression(NftRegister.Verdict, NftCmpOperator.Equal, default);
        while (data.TryRead(out var attribute))
        {
            expression = attribute.Type switch
            {
                NfTables.NFTA_CMP_SREG => expression with { Source = NftWire.ReadRegister(attribute) },
                NfTables.NFTA_CMP_OP => expression with { Operator = (NftCmpOperator)NftWire.ReadU32(attribute) },
                NfTables.NFTA_CMP_DATA => expression with { Data = NftWire.ReadData(attribute) ?? default },
                _ => expression,
            };
        }

        return expression;
    }
}
