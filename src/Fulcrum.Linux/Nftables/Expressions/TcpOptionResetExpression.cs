using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Linux.Nftables.Expressions;

/// <summary>
/// <c>reset tcp option timestamp</c> (nft --debug: <c>exthdr reset tcpopt 8</c>): overwrites TCP
/// option <paramref name="Kind"/> with NOPs and fixes the checksum (nft_exthdr.c, the strip operation:
/// NFTA_EXTHDR_TYPE and NFTA_EXTHDR_OP only, no register, offset or length).
/// </summary>
public sealed record TcpOptionResetExpression(byte Kind) : NftExpression
{
    /// <inheritdoc />
    public override string Name => "exthdr";

    internal override void WriteData(NetlinkMessageWriter writer)
    {
        writer.WriteUInt8(NfTables.NFTA_EXTHDR_TYPE, Kind);
        NftWire.WriteU32(writer, NfTables.NFTA_EXTHDR_OP, NfTables.NFT_EXTHDR_OP_TCPOPT);
    }
}
