using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Linux.Nftables.Commands;

/// <summary><c>nft add table FAMILY NAME</c> (NFT_MSG_NEWTABLE; no error when it exists).</summary>
public sealed record NftAddTable(NftFamily Family, string Name) : NftCommand(Family)
{
    /// <summary>
    /// Table flags (NFTA_TABLE_FLAGS); <c>NFT_TABLE_F_DORMANT</c> (1) unhooks every base chain of an
    /// existing table while keeping its rules, sets and counters. Sending 0 for an existing table wakes it.
    /// </summary>
    public uint Flags { get; init; }

    internal override void Write(NetlinkMessageWriter writer, NetlinkMessageFlags baseFlags)
    {
        NftWire.BeginMessage(writer, NfTables.NFT_MSG_NEWTABLE, baseFlags | NetlinkMessageFlags.Create, Family);
        writer.WriteString(NfTables.NFTA_TABLE_NAME, Name);
        NftWire.WriteU32(writer, NfTables.NFTA_TABLE_FLAGS, Flags);
        writer.EndMessage();
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"add table {Family.ToString().ToLowerInvariant()} {Name}{(Flags == NfTables.NFT_TABLE_F_DORMANT ? " { flags dormant; }" : string.Empty)}";
}
