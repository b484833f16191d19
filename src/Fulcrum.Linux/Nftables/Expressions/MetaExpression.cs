using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Linux.Nftables.Expressions;

/// <summary><c>meta KEY</c>: loads packet metadata into a register, e.g. <c>meta l4proto</c> (1 byte).</summary>
public sealed record MetaExpression(NftMetaKey Key, NftRegister Destination) : NftExpression
{
    /// <inheritdoc />
    public override string Name => "meta";

    internal override void WriteData(NetlinkMessageWriter writer)
    {
        NftWire.WriteU32(writer, NfTables.NFTA_META_KEY, (uint)Key);
        NftWire.WriteRegister(writer, NfTables.NFTA_META_DREG, Destination);
    }

    internal static MetaExpression Parse(NetlinkAttributeReader data)
    {
        var expression = new MetaExpression(NftMetaKey.Length, NftRegister.Verdict);
        while (data.TryRead(out var attribute))
        {
            expression = attribute.Type switch
            {
                NfTables.NFTA_META_KEY => expression with { Key = (NftMetaKey)NftWire.ReadU32(attribute) },
                NfTables.NFTA_META_DREG => expression with { Destination = NftWire.ReadRegister(attribute) },
                _ => expression,
            };
        }

        return expression;
    }
}
