using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Linux.Nftables.Expressions;

/// <summary>
/// <c>jhash EXPR mod MODULUS seed SEED [offset OFFSET]</c>: Jenkins hash of <paramref name="Length"/>
/// bytes starting at <paramref name="Source"/>, reduced to [offset, offset + modulus); source hashing.
/// </summary>
public sealed record HashExpression(NftRegister Source, uint Length, uint Modulus, uint Seed, NftRegister Destination, uint Offset = 0) : NftExpression
{
    /// <inheritdoc />
    public override string Name => "hash";

    internal override void WriteData(NetlinkMessageWriter writer)
    {
        NftWire.WriteRegister(writer, NfTables.NFTA_HASH_SREG, Source);
        NftWire.WriteRegister(writer, NfTables.NFTA_HASH_DREG, Destination);
        NftWire.WriteU32(writer, NfTables.NFTA_HASH_LEN, Length);
        NftWire.WriteU32(writer, NfTables.NFTA_HASH_MODULUS, Modulus);
        NftWire.WriteU32(writer, NfTables.NFTA_HASH_SEED, Seed);
        NftWire.WriteU32(writer, NfTables.NFTA_HASH_OFFSET, Offset);
        NftWire.WriteU32(writer, NfTables.NFTA_HASH_TYPE, NfTables.NFT_HASH_JENKINS);
    }

    internal static HashExpression Parse(NetlinkAttributeReader data)
    {
        var expression = new HashExpression(NftRegister.Verdict, 0, 0, 0, NftRegister.Verdict);
        while (data.TryRead(out var attribute))
        {
            expression = attribute.Type switch
            {
                NfTables.NFTA_HASH_SREG => expression with { Source = NftWire.ReadRegister(attribute) },
                NfTables.NFTA_HASH_DREG => expression with { Destination = NftWire.ReadRegister(attribute) },
                NfTables.NFTA_HASH_LEN => expression with { Length = NftWire.ReadU32(attribute) },
                NfTables.NFTA_HASH_MODULUS => expression with { Modulus = NftWire.ReadU32(attribute) },
                NfTables.NFTA_HASH_SEED => expression with { Seed = NftWire.ReadU32(attribute) },
                NfTables.NFTA_HASH_OFFSET => expression with { Offset = NftWire.ReadU32(attribute) },
                _ => expression,
            };
        }

        return expression;
    }
}
