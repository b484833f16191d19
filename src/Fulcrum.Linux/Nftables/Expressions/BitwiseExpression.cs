using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Linux.Nftables.Expressions;

/// <summary>
/// <c>bitwise</c> (boolean form): destination = (source &amp; mask) ^ xor over <paramref name="Length"/>
/// bytes; e.g. <c>ct state established,related</c> or a persistence netmask <c>ip saddr &amp; 255.255.255.0</c>.
/// </summary>
public sealed record BitwiseExpression(NftRegister Source, NftRegister Destination, uint Length, NftData Mask, NftData Xor) : NftExpression
{
    /// <inheritdoc />
    public override string Name => "bitwise";

    internal override void WriteData(NetlinkMessageWriter writer)
    {
        NftWire.WriteRegister(writer, NfTables.NFTA_BITWISE_SREG, Source);
        NftWire.WriteRegister(writer, NfTables.NFTA_BITWISE_DREG, Destination);
        NftWire.WriteU32(writer, NfTables.NFTA_BITWISE_LEN, Length);
        NftWire.WriteData(writer, NfTables.NFTA_BITWISE_MASK, Mask);
        NftWire.WriteData(writer, NfTables.NFTA_BITWISE_XOR, Xor);
    }

    internal static BitwiseExpression Parse(NetlinkAttributeReader data)
    {
        var expression = new BitwiseExpression(NftRegister.Verdict, NftRegister.Verdict, 0, default, default);
        while (data.TryRead(out var attribute))
        {
            expression = attribute.Type switch
            {
                NfTables.NFTA_BITWISE_SREG => expression with { Source = NftWire.ReadRegister(attribute) },
                NfTables.NFTA_BITWISE_DREG => expression with { Destination = NftWire.ReadRegister(attribute) },
                NfTables.NFTA_BITWISE_LEN => expression with { Length = NftWire.ReadU32(attribute) },
                NfTables.NFTA_BITWISE_MASK => expression with { Mask = NftWire.ReadData(attribute) ?? default },
                NfTables.NFTA_BITWISE_XOR => expression with { Xor = NftWire.ReadData(attribute) ?? default },
                _ => expression,
            };
        }

        return expression;
    }
}
