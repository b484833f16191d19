using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Linux.Nftables.Commands;

/// <summary>
/// <c>nft add element FAMILY TABLE SET { KEY [: DATA], ... }</c> (NFT_MSG_NEWSETELEM). Adding a key
/// that exists with other data fails with EEXIST: delete and add in the same batch to change it.
/// </summary>
public sealed record NftAddElements(NftFamily Family, string Table, string Set, IReadOnlyList<NftSetElement> Elements, uint? SetId = null) : NftCommand(Family)
{
    internal override void Write(NetlinkMessageWriter writer, NetlinkMessageFlags baseFlags) =>
        NftSetElementsWriter.Write(writer, NfTables.NFT_MSG_NEWSETELEM, baseFlags | NetlinkMessageFlags.Create, Family, Table, Set, SetId, Elements, includeData: true);

    /// <inheritdoc />
    public override string ToString() => $"add element {Family.ToString().ToLowerInvariant()} {Table} {Set} ({Elements.Count} element(s))";
}
