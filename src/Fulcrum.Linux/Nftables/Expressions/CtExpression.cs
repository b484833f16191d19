using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Linux.Nftables.Expressions;

/// <summary><c>ct KEY</c>: loads conntrack data into a register (e.g. <c>ct state</c>, 4 bytes host order).</summary>
public sealed record CtExpression(NftCtKey Key, NftRegister Destination) : NftExpression
{
    /// <inheritdoc />
    public override string Name => "ct";

    /// <summary>The direction for direction-specific keys (<c>ct original saddr</c>); null for state and mark.</summary>
    public byte? Direction { get; init; }

    internal override void WriteData(NetlinkMessageWriter writer)
    {
        NftWire.WriteU32(writer, NfTables.NFTA_CT_KEY, (uint)Key);
        NftWire.WriteRegister(writer, NfTables.NFTA_CT_DREG, Destination);
        if (Direction is { } direction)
        {
            writer.WriteUInt8(NfTables.NFTA_CT_DIRECTION, direction);
        }
    }

    internal static CtExpression Parse(NetlinkAttributeReader data)
    {
        var expression = new CtExpression(NftCtKey.State, NftRegister.Verdict);
        while (data.TryRead(out var attribute))
        {
            expression = attribute.Type switch
            {
                NfTables.NFTA_CT_KEY => expression with { Key = (NftCtKey)NftWire.ReadU32(attribute) },
                NfTables.NFTA_CT_DREG => expression with { Destination = NftWire.ReadRegister(attribute) },
                NfTables.NFTA_CT_DIRECTION when attribute.Value.Length > 0 => expression with { Direction = attribute.Value[0] },
                _ => expression,
            };
        }

        return expression;
    }
}
