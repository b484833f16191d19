using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Linux.Nftables.Expressions;

/// <summary>
/// <c>reject with tcp reset</c> (<paramref name="TcpReset"/>) or <c>reject</c> (inet: ICMP/ICMPv6 port
/// unreachable, NFT_REJECT_ICMPX_UNREACH): drops the packet and answers the sender. A TCP reset
/// needs the rule to have matched TCP.
/// </summary>
public sealed record RejectExpression(bool TcpReset) : NftExpression
{
    /// <inheritdoc />
    public override string Name => "reject";

    internal override void WriteData(NetlinkMessageWriter writer)
    {
        NftWire.WriteU32(writer, NfTables.NFTA_REJECT_TYPE, TcpReset ? NfTables.NFT_REJECT_TCP_RST : NfTables.NFT_REJECT_ICMPX_UNREACH);
        writer.WriteUInt8(NfTables.NFTA_REJECT_ICMP_CODE, TcpReset ? (byte)0 : NfTables.NFT_REJECT_ICMPX_PORT_UNREACH);
    }
}
