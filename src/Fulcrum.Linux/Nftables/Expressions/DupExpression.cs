using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Linux.Nftables.Expressions;

/// <summary>
/// <c>dup to ADDR device DEV</c> (nft_dup_ipv4): a copy of the packet is routed to the IPv4 address in
/// register <paramref name="Address"/> out of the interface whose index is in register
/// <paramref name="Device"/>. The copy is untracked, and in prerouting its TTL is decremented.
/// </summary>
public sealed record DupExpression(NftRegister Address, NftRegister Device) : NftExpression
{
    /// <inheritdoc />
    public override string Name => "dup";

    internal override void WriteData(NetlinkMessageWriter writer)
    {
        NftWire.WriteRegister(writer, NfTables.NFTA_DUP_SREG_ADDR, Address);
        NftWire.WriteRegister(writer, NfTables.NFTA_DUP_SREG_DEV, Device);
    }

    internal static DupExpression Parse(NetlinkAttributeReader data)
    {
        var expression = new DupExpression(NftRegister.Verdict, NftRegister.Verdict);
        while (data.TryRead(out var attribute))
        {
            expression = attribute.Type switch
            {
                NfTables.NFTA_DUP_SREG_ADDR => expression with { Address = NftWire.ReadRegister(attribute) },
                NfTables.NFTA_DUP_SREG_DEV => expression with { Device = NftWire.ReadRegister(attribute) },
                _ => expression,
            };
        }

        return expression;
    }
}
