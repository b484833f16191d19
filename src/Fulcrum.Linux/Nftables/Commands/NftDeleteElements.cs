using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Linux.Nftables.Commands;

/// <summary>
/// <c>nft delete element FAMILY TABLE SET { KEY, ... }</c> (NFT_MSG_DELSETELEM, keys only); with no
/// elements, <c>nft flush set FAMILY TABLE SET</c>.
/// </summary>
public sealed record NftDeleteElements(NftFamily Family, string Table, string Set, IReadOnlyList<NftSetElement> Elements) : NftCommand(Family)
{
    internal override void Write(NetlinkMessageWriter writer, NetlinkMessageFlags baseFlags) =>
        NftSetElementsWriter.Write(writer, NfTables.NFT_MSG_DELSETELEM, baseFlags, Family, Table, Set, null, Elements, includeData: false);

    /// <inheritdoc />
    public override string ToString() => Elements.Count == 0
        ? $"flush set {Family.ToString().ToLowerInvariant()} {Table} {Set}"
        : $"delete element {Family.ToString().ToLowerInvariant()} {Table} {Set} ({Elements.Count} element(s))";
}
