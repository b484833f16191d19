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

    /// <summary>Parses either form of <c>ct</c>: a load (<c>ct mark</c>) or a store (<c>ct mark set</c>).</summary>
    internal static NftExpression Parse(NetlinkAttributeReader data)
    {
        var expression = new CtExpression(NftCtKey.State, NftRegister.Verdict);
        NftRegister? source = null;
        while (data.TryRead(out var attribute))
        {
            switch (attribute.Type)
            {
                case NfTables.NFTA_CT_KEY:
                    expression = expression with { Key = (NftCtKey)NftWire.ReadU32(attribute) };
                    break;
                case NfTables.NFTA_CT_DREG:
                    expression = expression with { Destination = NftWire.ReadRegister(attribute) };
                    break;
                case NfTables.NFTA_CT_SREG:
                    source = NftWire.ReadRegister(attribute);
                    break;
                case NfTables.NFTA_CT_DIRECTION when attribute.Value.Length > 0:
                    expression = expression with { Direction = attribute.Value[0] };
                    break;
                default:
                    break;
            }
        }

        return source is { } register ? new CtSetExpression(expression.Key, register) : expression;
    }
}
