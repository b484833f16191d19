using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Linux.Nftables.Expressions;

/// <summary><c>ct KEY set REG</c>: stores a register in the packet's conntrack entry, e.g. <c>ct mark set</c> (4 bytes, host order).</summary>
public sealed record CtSetExpression(NftCtKey Key, NftRegister Source) : NftExpression
{
    /// <inheritdoc />
    public override string Name => "ct";

    internal override void WriteData(NetlinkMessageWriter writer)
    {
        NftWire.WriteU32(writer, NfTables.NFTA_CT_KEY, (uint)Key);
        NftWire.WriteRegister(writer, NfTables.NFTA_CT_SREG, Source);
    }
}
