using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Linux.Nftables.Expressions;

/// <summary>
/// <c>nat</c>: <c>dnat ip to ADDR[:PORT]</c> / <c>snat ...</c> with the address (and port) taken
/// from registers. For <c>dnat ip addr . port to ... map @m</c> the map writes an
/// <c>ipv4_addr . inet_service</c> concatenation into two consecutive 32-bit registers: address in
/// the first, port in the next.
/// </summary>
public sealed record NatExpression(
    NftNatType Type,
    NftFamily Family,
    NftRegister? AddressMin,
    NftRegister? ProtoMin = null,
    NftNatFlags Flags = NftNatFlags.None) : NftExpression
{
    /// <inheritdoc />
    public override string Name => "nat";

    /// <summary>Upper end of an address range; null for a single address.</summary>
    public NftRegister? AddressMax { get; init; }

    /// <summary>Upper end of a port range; null for a single port.</summary>
    public NftRegister? ProtoMax { get; init; }

    internal override void WriteData(NetlinkMessageWriter writer)
    {
        NftWire.WriteU32(writer, NfTables.NFTA_NAT_TYPE, (uint)Type);
        NftWire.WriteU32(writer, NfTables.NFTA_NAT_FAMILY, (uint)Family);
        WriteOptional(writer, NfTables.NFTA_NAT_REG_ADDR_MIN, AddressMin);
        WriteOptional(writer, NfTables.NFTA_NAT_REG_ADDR_MAX, AddressMax);
        WriteOptional(writer, NfTables.NFTA_NAT_REG_PROTO_MIN, ProtoMin);
        WriteOptional(writer, NfTables.NFTA_NAT_REG_PROTO_MAX, ProtoMax);
        if (Flags != NftNatFlags.None)
        {
            NftWire.WriteU32(writer, NfTables.NFTA_NAT_FLAGS, (uint)Flags);
        }
    }

    internal static NatExpression Parse(NetlinkAttributeReader data)
    {
        var expression = new NatExpression(NftNatType.Destination, NftFamily.Ip, null);
        while (data.TryRead(out var attribute))
        {
            expression = attribute.Type switch
            {
                NfTables.NFTA_NAT_TYPE => expression with { Type = (NftNatType)NftWire.ReadU32(attribute) },
                NfTables.NFTA_NAT_FAMILY => expression with { Family = (NftFamily)NftWire.ReadU32(attribute) },
                NfTables.NFTA_NAT_REG_ADDR_MIN => expression with { AddressMin = NftWire.ReadRegister(attribute) },
                NfTables.NFTA_NAT_REG_ADDR_MAX => expression with { AddressMax = NftWire.ReadRegister(attribute) },
                NfTables.NFTA_NAT_REG_PROTO_MIN => expression with { ProtoMin = NftWire.ReadRegister(attribute) },
                NfTables.NFTA_NAT_REG_PROTO_MAX => expression with { ProtoMax = NftWire.ReadRegister(attribute) },
                NfTables.NFTA_NAT_FLAGS => expression with { Flags = (NftNatFlags)NftWire.ReadU32(attribute) },
                _ => expression,
            };
        }

        return expression;
    }

    private static void WriteOptional(NetlinkMessageWriter writer, ushort type, NftRegister? register)
    {
        if (register is { } value)
        {
            NftWire.WriteRegister(writer, type, value);
        }
    }
}
