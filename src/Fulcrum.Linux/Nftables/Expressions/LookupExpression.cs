using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Linux.Nftables.Expressions;

/// <summary>
/// <c>lookup</c>: looks the key in <paramref name="Source"/> (and the registers after it, for a
/// concatenation) up in a set. Without a destination it is a match (<c>ip daddr @s</c>); with one
/// it is a map that loads the element's data (<c>... map @m</c>), or with
/// <see cref="NftRegister.Verdict"/> a verdict map (<c>... vmap @v</c>).
/// </summary>
/// <param name="SetName">The set's name.</param>
/// <param name="Source">First register of the key.</param>
/// <param name="Destination">Where a map's data goes; null for a plain set match.</param>
/// <param name="SetId">The NFTA_SET_ID of a set created in the same batch (nft sends both name and id).</param>
/// <param name="Invert">NFT_LOOKUP_F_INV: match when the key is absent (<c>!= @s</c>).</param>
public sealed record LookupExpression(string SetName, NftRegister Source, NftRegister? Destination = null, uint? SetId = null, bool Invert = false) : NftExpression
{
    /// <inheritdoc />
    public override string Name => "lookup";

    internal override void WriteData(NetlinkMessageWriter writer)
    {
        NftWire.WriteRegister(writer, NfTables.NFTA_LOOKUP_SREG, Source);
        if (Destination is { } destination)
        {
            NftWire.WriteRegister(writer, NfTables.NFTA_LOOKUP_DREG, destination);
        }

        writer.WriteString(NfTables.NFTA_LOOKUP_SET, SetName);
        if (SetId is { } id)
        {
            NftWire.WriteU32(writer, NfTables.NFTA_LOOKUP_SET_ID, id);
        }

        if (Invert)
        {
            NftWire.WriteU32(writer, NfTables.NFTA_LOOKUP_FLAGS, NfTables.NFT_LOOKUP_F_INV);
        }
    }

    internal static LookupExpression Parse(NetlinkAttributeReader data)
    {
        var expression = new LookupExpression(string.Empty, NftRegister.Verdict);
        while (data.TryRead(out var attribute))
        {
            expression = attribute.Type switch
            {
                NfTables.NFTA_LOOKUP_SET => expression with { SetName = attribute.GetString() },
                NfTables.NFTA_LOOKUP_SREG => expression with { Source = NftWire.ReadRegister(attribute) },
                NfTables.NFTA_LOOKUP_DREG => expression with { Destination = NftWire.ReadRegister(attribute) },
                NfTables.NFTA_LOOKUP_SET_ID => expression with { SetId = NftWire.ReadU32(attribute) },
                NfTables.NFTA_LOOKUP_FLAGS => expression with { Invert = (NftWire.ReadU32(attribute) & NfTables.NFT_LOOKUP_F_INV) != 0 },
                _ => expression,
            };
        }

        return expression;
    }
}
