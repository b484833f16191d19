using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Linux.Nftables.Commands;

/// <summary>
/// <c>nft flush chain FAMILY TABLE NAME</c>: NFT_MSG_DELRULE naming the chain and no handle deletes
/// every rule of the chain. Followed by new rules in the same batch, it rewrites a chain atomically
/// without knowing the kernel's rule handles.
/// </summary>
public sealed record NftFlushChain(NftFamily Family, string Table, string Chain) : NftCommand(Family)
{
    internal override void Write(NetlinkMessageWriter writer, NetlinkMessageFlags baseFlags)
    {
        NftWire.BeginMessage(writer, NfTables.NFT_MSG_DELRULE, baseFlags, Family);
        writer.WriteString(NfTables.NFTA_RULE_TABLE, Table);
        writer.WriteString(NfTables.NFTA_RULE_CHAIN, Chain);
        writer.EndMessage();
    }

    /// <inheritdoc />
    public override string ToString() => $"flush chain {Family.ToString().ToLowerInvariant()} {Table} {Chain}";
}
