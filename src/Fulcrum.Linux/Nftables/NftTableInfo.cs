using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Linux.Nftables;

/// <summary>A table as the kernel lists it (<c>nft -a list tables</c>).</summary>
/// <param name="Family">Address family.</param>
/// <param name="Name">Table name.</param>
/// <param name="Handle">Kernel handle.</param>
/// <param name="Flags">NFT_TABLE_F_* (dormant 0x1, owner 0x2).</param>
/// <param name="Use">Number of chains, sets and objects in it.</param>
public sealed record NftTableInfo(NftFamily Family, string Name, ulong Handle, uint Flags, uint Use)
{
    internal static NftTableInfo Parse(in NetlinkMessage message)
    {
        var table = new NftTableInfo(NftWire.ReadFamily(message), string.Empty, 0, 0, 0);
        var reader = message.Attributes(nfgenmsg.Size);
        while (reader.TryRead(out var attribute))
        {
            table = attribute.Type switch
            {
                NfTables.NFTA_TABLE_NAME => table with { Name = attribute.GetString() },
                NfTables.NFTA_TABLE_HANDLE => table with { Handle = NftWire.ReadU64(attribute) },
                NfTables.NFTA_TABLE_FLAGS => table with { Flags = NftWire.ReadU32(attribute) },
                NfTables.NFTA_TABLE_USE => table with { Use = NftWire.ReadU32(attribute) },
                _ => table,
            };
        }

        return table;
    }
}
