using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Linux.Nftables.Expressions;

/// <summary>
/// <c>payload</c>: loads <paramref name="Length"/> packet bytes at <paramref name="Base"/> + <paramref name="Offset"/>
/// into a register, e.g. <c>ip daddr</c> = network header + 16, 4 bytes.
/// </summary>
public sealed record PayloadExpression(NftPayloadBase Base, uint Offset, uint Length, NftRegister Destination) : NftExpression
{
    /// <inheritdoc />
    public override string Name => "payload";

    /// <summary><c>ip saddr</c>: IPv4 header bytes 12..15 (RFC 791 §3.1).</summary>
    public static PayloadExpression IpSourceAddress(NftRegister destination) => new(NftPayloadBase.Network, 12, 4, destination);

    /// <summary><c>ip daddr</c>: IPv4 header bytes 16..19 (RFC 791 §3.1).</summary>
    public static PayloadExpression IpDestinationAddress(NftRegister destination) => new(NftPayloadBase.Network, 16, 4, destination);

    /// <summary><c>th sport</c> / <c>tcp sport</c>: transport header bytes 0..1.</summary>
    public static PayloadExpression TransportSourcePort(NftRegister destination) => new(NftPayloadBase.Transport, 0, 2, destination);

    /// <summary><c>th dport</c> / <c>tcp dport</c>: transport header bytes 2..3.</summary>
    public static PayloadExpression TransportDestinationPort(NftRegister destination) => new(NftPayloadBase.Transport, 2, 2, destination);

    internal override void WriteData(NetlinkMessageWriter writer)
    {
        NftWire.WriteRegister(writer, NfTables.NFTA_PAYLOAD_DREG, Destination);
        NftWire.WriteU32(writer, NfTables.NFTA_PAYLOAD_BASE, (uint)Base);
        NftWire.WriteU32(writer, NfTables.NFTA_PAYLOAD_OFFSET, Offset);
        NftWire.WriteU32(writer, NfTables.NFTA_PAYLOAD_LEN, Length);
    }

    internal static PayloadExpression Parse(NetlinkAttributeReader data)
    {
        var expression = new PayloadExpression(NftPayloadBase.LinkLayer, 0, 0, NftRegister.Verdict);
        while (data.TryRead(out var attribute))
        {
            expression = attribute.Type switch
            {
                NfTables.NFTA_PAYLOAD_DREG => expression with { Destination = NftWire.ReadRegister(attribute) },
                NfTables.NFTA_PAYLOAD_BASE => expression with { Base = (NftPayloadBase)NftWire.ReadU32(attribute) },
                NfTables.NFTA_PAYLOAD_OFFSET => expression with { Offset = NftWire.ReadU32(attribute) },
                NfTables.NFTA_PAYLOAD_LEN => expression with { Length = NftWire.ReadU32(attribute) },
                _ => expression,
            };
        }

        return expression;
    }
}
