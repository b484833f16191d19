using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Linux.Nftables.Commands;

/// <summary>
/// <c>nft destroy element FAMILY TABLE SET { KEY, ... }</c> (NFT_MSG_DESTROYSETELEM, Linux 6.3+):
/// like delete, but a missing key is not an error. For elements the packet path creates and expires
/// (dynamic sets), whose presence at commit time is not known.
/// </summary>
public sealed record NftDestroyElements(NftFamily Family, string Table, string Set, IReadOnlyList<NftSetElement> Elements) : NftCommand(Family)
{
    internal override void Write(NetlinkMessageWriter writer, NetlinkMessageFlags baseFlags)
    {
        if (Elements.Count == 0)
        {
            throw new InvalidOperationException("destroy element needs at least one element.");
        }

        NftSetElementsWriter.Write(writer, NfTables.NFT_MSG_DESTROYSETELEM, baseFlags, Family, Table, Set, null, Elements, includeData: false);
    }

    /// <inheritdoc />
    public override string ToString() => $"destroy element {Family.ToString().ToLowerInvariant()} {Table} {Set} ({Elements.Count} element(s))";
}
