using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Linux.Nftables.Commands;

/// <summary><c>nft delete chain FAMILY TABLE NAME</c> (NFT_MSG_DELCHAIN; EBUSY while rules or jumps use it).</summary>
public sealed record NftDeleteChain(NftFamily Family, string Table, string Name) : NftCommand(Family)
{
    internal override void Write(NetlinkMessageWriter writer, NetlinkMessageFlags baseFlags)
    {
        NftWire.BeginMessage(writer, NfTables.NFT_MSG_DELCHAIN, baseFlags, Family);
        writer.WriteString(NfTables.NFTA_CHAIN_TABLE, Table);
        writer.WriteString(NfTables.NFTA_CHAIN_NAME, Name);
        writer.EndMessage();
    }

    /// <inheritdoc />
    public override string ToString() => $"delete chain {Family.ToString().ToLowerInvariant()} {Table} {Name}";
}
