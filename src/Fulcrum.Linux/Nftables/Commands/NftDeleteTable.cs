using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Linux.Nftables.Commands;

/// <summary><c>nft delete table FAMILY NAME</c> (NFT_MSG_DELTABLE; the table and everything in it).</summary>
public sealed record NftDeleteTable(NftFamily Family, string Name) : NftCommand(Family)
{
    internal override void Write(NetlinkMessageWriter writer, NetlinkMessageFlags baseFlags)
    {
        NftWire.BeginMessage(writer, NfTables.NFT_MSG_DELTABLE, baseFlags, Family);
        writer.WriteString(NfTables.NFTA_TABLE_NAME, Name);
        writer.EndMessage();
    }

    /// <inheritdoc />
    public override string ToString() => $"delete table {Family.ToString().ToLowerInvariant()} {Name}";
}
