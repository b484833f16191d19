using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Linux.Nftables.Expressions;

/// <summary>
/// <c>fib saddr . iif oif</c>: a route lookup towards the source, restricted to the input interface;
/// the output interface index (0 when there is no such route) goes into <paramref name="Destination"/>.
/// </summary>
public sealed record FibExpression(NftRegister Destination, uint Result, uint Flags) : NftExpression
{
    /// <inheritdoc />
    public override string Name => "fib";

    /// <summary><c>fib saddr . iif oif</c>: strict reverse path.</summary>
    public static FibExpression ReversePath(NftRegister destination) =>
        new(destination, NfTables.NFT_FIB_RESULT_OIF, NfTables.NFTA_FIB_F_SADDR | NfTables.NFTA_FIB_F_IIF);

    /// <summary><c>fib daddr type</c>: the address type of the destination (RTN_LOCAL for an address of this host).</summary>
    public static FibExpression DestinationType(NftRegister destination) =>
        new(destination, NfTables.NFT_FIB_RESULT_ADDRTYPE, NfTables.NFTA_FIB_F_DADDR);

    internal override void WriteData(NetlinkMessageWriter writer)
    {
        NftWire.WriteRegister(writer, NfTables.NFTA_FIB_DREG, Destination);
        NftWire.WriteU32(writer, NfTables.NFTA_FIB_RESULT, Result);
        NftWire.WriteU32(writer, NfTables.NFTA_FIB_FLAGS, Flags);
    }

    internal static FibExpression Parse(NetlinkAttributeReader data)
    {
        var expression = new FibExpression(NftRegister.Verdict, 0, 0);
        while (data.TryRead(out var attribute))
        {
            expression = attribute.Type switch
            {
                NfTables.NFTA_FIB_DREG => expression with { Destination = NftWire.ReadRegister(attribute) },
                NfTables.NFTA_FIB_RESULT => expression with { Result = NftWire.ReadU32(attribute) },
                NfTables.NFTA_FIB_FLAGS => expression with { Flags = NftWire.ReadU32(attribute) },
                _ => expression,
            };
        }

        return expression;
    }
}
