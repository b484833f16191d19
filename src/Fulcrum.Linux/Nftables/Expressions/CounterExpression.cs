using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Linux.Nftables.Expressions;

/// <summary><c>counter</c>: counts packets and bytes. Written empty (as nft does); read back with the kernel's totals.</summary>
public sealed record CounterExpression(ulong Packets = 0, ulong Bytes = 0) : NftExpression
{
    /// <inheritdoc />
    public override string Name => "counter";

    internal override void WriteData(NetlinkMessageWriter writer)
    {
        if (Packets != 0 || Bytes != 0)
        {
            writer.WriteUInt64(NfTables.NFTA_COUNTER_BYTES, Bytes, NetlinkByteOrder.Network);
            writer.WriteUInt64(NfTables.NFTA_COUNTER_PACKETS, Packets, NetlinkByteOrder.Network);
        }
    }

    internal static CounterExpression Parse(NetlinkAttributeReader data)
    {
        var expression = new CounterExpression();
        while (data.TryRead(out var attribute))
        {
            expression = attribute.Type switch
            {
                NfTables.NFTA_COUNTER_BYTES => expression with { Bytes = NftWire.ReadU64(attribute) },
                NfTables.NFTA_COUNTER_PACKETS => expression with { Packets = NftWire.ReadU64(attribute) },
                _ => expression,
            };
        }

        return expression;
    }
}
