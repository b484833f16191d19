using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Linux.Nftables.Expressions;

/// <summary>
/// <c>ct count [over] N</c>: counts the tracked connections (not yet closed) that passed it. Without
/// <paramref name="Over"/> the rule goes on while at most <paramref name="Count"/>; with it
/// (NFT_CONNLIMIT_F_INV), once more. Kept per element as the element expression of a dynset
/// (<c>add @s { ip saddr ct count over N }</c>), it counts per key.
/// </summary>
public sealed record ConnlimitExpression(uint Count, bool Over) : NftExpression
{
    /// <inheritdoc />
    public override string Name => "connlimit";

    internal override void WriteData(NetlinkMessageWriter writer)
    {
        NftWire.WriteU32(writer, NfTables.NFTA_CONNLIMIT_COUNT, Count);
        NftWire.WriteU32(writer, NfTables.NFTA_CONNLIMIT_FLAGS, Over ? NfTables.NFT_CONNLIMIT_F_INV : 0);
    }
}
