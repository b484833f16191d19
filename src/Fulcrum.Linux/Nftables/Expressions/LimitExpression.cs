using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Linux.Nftables.Expressions;

/// <summary>
/// <c>limit rate [over] RATE/UNIT burst BURST packets</c>: a token bucket of <paramref name="Burst"/>
/// packets refilled at <paramref name="Rate"/> per <paramref name="UnitSeconds"/>. Without
/// <paramref name="Over"/> the rule goes on while under the rate; with it (NFT_LIMIT_F_INV), once over.
/// </summary>
public sealed record LimitExpression(ulong Rate, ulong UnitSeconds, uint Burst, bool Over = false) : NftExpression
{
    /// <inheritdoc />
    public override string Name => "limit";

    internal override void WriteData(NetlinkMessageWriter writer)
    {
        writer.WriteUInt64(NfTables.NFTA_LIMIT_RATE, Rate, NetlinkByteOrder.Network);
        writer.WriteUInt64(NfTables.NFTA_LIMIT_UNIT, UnitSeconds, NetlinkByteOrder.Network);
        NftWire.WriteU32(writer, NfTables.NFTA_LIMIT_BURST, Burst);
        NftWire.WriteU32(writer, NfTables.NFTA_LIMIT_TYPE, NfTables.NFT_LIMIT_PKTS);
        NftWire.WriteU32(writer, NfTables.NFTA_LIMIT_FLAGS, Over ? NfTables.NFT_LIMIT_F_INV : 0);
    }

    internal static LimitExpression Parse(NetlinkAttributeReader data)
    {
        var expression = new LimitExpression(0, 0, 0);
        while (data.TryRead(out var attribute))
        {
            expression = attribute.Type switch
            {
                NfTables.NFTA_LIMIT_RATE => expression with { Rate = NftWire.ReadU64(attribute) },
                NfTables.NFTA_LIMIT_UNIT => expression with { UnitSeconds = NftWire.ReadU64(attribute) },
                NfTables.NFTA_LIMIT_BURST => expression with { Burst = NftWire.ReadU32(attribute) },
                NfTables.NFTA_LIMIT_FLAGS => expression with { Over = (NftWire.ReadU32(attribute) & NfTables.NFT_LIMIT_F_INV) != 0 },
                _ => expression,
            };
        }

        return expression;
    }
}
