using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Linux.Nftables.Commands;

/// <summary><c>nft delete rule FAMILY TABLE CHAIN handle H</c> (NFT_MSG_DELRULE).</summary>
public sealed record NftDeleteRule(NftFamily Family, string Table, string Chain, ulong Handle) : NftCommand(Family)
{
    internal override void Write(NetlinkMessageWriter writer, NetlinkMessageFlags baseFlags)
    {
        NftWire.BeginMessage(writer, NfTables.NFT_MSG_DELRULE, baseFlags, Family);
        writer.WriteString(NfTables.NFTA_RULE_TABLE, Table);
        writer.WriteString(NfTables.NFTA_RULE_CHAIN, Chain);
        writer.WriteUInt64(NfTables.NFTA_RULE_HANDLE, Handle, NetlinkByteOrder.Network);
        writer.EndMessage();
    }

    /// <inheritdoc />
    public override string ToString() => $"delete rule {Family.ToString().ToLowerInvariant()} {Table} {Chain} handle {Handle}";
}
