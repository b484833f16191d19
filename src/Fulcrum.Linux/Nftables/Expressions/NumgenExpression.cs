using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Linux.Nftables.Expressions;

/// <summary>
/// <c>numgen inc|random mod MODULUS [offset OFFSET]</c>: writes a 32-bit host-order number in
/// [offset, offset + modulus) to a register; round-robin and random backend selection.
/// </summary>
public sealed record NumgenExpression(NftNumgenType Type, uint Modulus, NftRegister Destination, uint Offset = 0) : NftExpression
{
    /// <inheritdoc />
    public override string Name => "numgen";

    internal override void WriteData(NetlinkMessageWriter writer)
    {
        NftWire.WriteRegister(writer, NfTables.NFTA_NG_DREG, Destination);
        NftWire.WriteU32(writer, NfTables.NFTA_NG_MODULUS, Modulus);
        NftWire.WriteU32(writer, NfTables.NFTA_NG_TYPE, (uint)Type);
        NftWire.WriteU32(writer, NfTables.NFTA_NG_OFFSET, Offset);
    }

    internal static NumgenExpression Parse(NetlinkAttributeReader data)
    {
        var expression = new NumgenExpression(NftNumgenType.Incremental, 0, NftRegister.Verdict);
        while (data.TryRead(out var attribute))
        {
            expression = attribute.Type switch
            {
                NfTables.NFTA_NG_DREG => expression with { Destination = NftWire.ReadRegister(attribute) },
                NfTables.NFTA_NG_MODULUS => expression with { Modulus = NftWire.ReadU32(attribute) },
                NfTables.NFTA_NG_TYPE => expression with { Type = (NftNumgenType)NftWire.ReadU32(attribute) },
                NfTables.NFTA_NG_OFFSET => expression with { Offset = NftWire.ReadU32(attribute) },
                _ => expression,
            };
        }

        return expression;
    }
}
