using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Linux.Nftables.Commands;

/// <summary>
/// <c>nft add chain FAMILY TABLE NAME [{ type T hook H priority P; policy V; }]</c> (NFT_MSG_NEWCHAIN).
/// A regular chain (no <paramref name="BaseChain"/>) is only reached by jump/goto.
/// </summary>
public sealed record NftAddChain(NftFamily Family, string Table, string Name, NftBaseChain? BaseChain = null) : NftCommand(Family)
{
    internal override void Write(NetlinkMessageWriter writer, NetlinkMessageFlags baseFlags)
    {
        NftWire.BeginMessage(writer, NfTables.NFT_MSG_NEWCHAIN, baseFlags | NetlinkMessageFlags.Create, Family);
        writer.WriteString(NfTables.NFTA_CHAIN_TABLE, Table);
        writer.WriteString(NfTables.NFTA_CHAIN_NAME, Name);
        if (BaseChain is { } chain)
        {
            writer.WriteString(NfTables.NFTA_CHAIN_TYPE, ChainTypeName(chain.Type));
            NftWire.WriteU32(writer, NfTables.NFTA_CHAIN_POLICY, unchecked((uint)(int)chain.Policy));
            var hook = writer.BeginNested(NfTables.NFTA_CHAIN_HOOK);
            NftWire.WriteU32(writer, NfTables.NFTA_HOOK_HOOKNUM, (uint)chain.Hook);
            NftWire.WriteU32(writer, NfTables.NFTA_HOOK_PRIORITY, unchecked((uint)chain.Priority));
            writer.EndNested(hook);
        }

        writer.EndMessage();
    }

    /// <summary>The kernel's chain type names (net/netfilter/nft_chain_filter.c, nft_chain_nat.c, nft_chain_route.c).</summary>
    internal static string ChainTypeName(NftChainType type) => type switch
    {
        NftChainType.Filter => "filter",
        NftChainType.Nat => "nat",
        NftChainType.Route => "route",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <inheritdoc />
    public override string ToString() => $"add chain {Family.ToString().ToLowerInvariant()} {Table} {Name}";
}
