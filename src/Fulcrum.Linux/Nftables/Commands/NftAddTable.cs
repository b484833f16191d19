using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Linux.Nftables.Commands;

/// <summary><c>nft add table FAMILY NAME</c> (NFT_MSG_NEWTABLE; no error when it exists).</summary>
public sealed record NftAddTable(NftFamily Family, string Name) : NftCommand(Family)
{
    internal override void Write(NetlinkMessageWriter writer, NetlinkMessageFlags baseFlags)
    {
        NftWire.BeginMessage(writer, NfTables.NFT_MSG_NEWTABLE, baseFlags | NetlinkMessageFlags.Create, Family);
        writer.WriteString(NfTables.NFTA_TABLE_NAME, Name);
        NftWire.WriteU32(writer, NfTables.NFTA_TABLE_FLAGS, 0);
        writer.EndMessage();
    }

    /// <inheritdoc />
    public override string ToString() => $"add table {Family.ToString().ToLowerInvariant()} {Name}";
}
