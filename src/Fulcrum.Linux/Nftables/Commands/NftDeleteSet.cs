using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Linux.Nftables.Commands;

/// <summary><c>nft delete set|map FAMILY TABLE NAME</c> (NFT_MSG_DELSET; EBUSY while a rule uses it).</summary>
public sealed record NftDeleteSet(NftFamily Family, string Table, string Name) : NftCommand(Family)
{
    internal override void Write(NetlinkMessageWriter writer, NetlinkMessageFlags baseFlags)
    {
        NftWire.BeginMessage(writer, NfTables.NFT_MSG_DELSET, baseFlags, Family);
        writer.WriteString(NfTables.NFTA_SET_TABLE, Table);
        writer.WriteString(NfTables.NFTA_SET_NAME, Name);
        writer.EndMessage();
    }

    /// <inheritdoc />
    public override string ToString() => $"delete set {Family.ToString().ToLowerInvariant()} {Table} {Name}";
}
