using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Linux.Nftables;

/// <summary>A chain as the kernel lists it (<c>nft -a list chains</c>).</summary>
/// <param name="Family">Address family.</param>
/// <param name="Table">Table name.</param>
/// <param name="Name">Chain name.</param>
/// <param name="Handle">Kernel handle.</param>
/// <param name="BaseChain">Type, hook, priority and policy of a base chain; null for a regular chain.</param>
/// <param name="Use">Number of references (jumps, verdict-map elements) to it.</param>
public sealed record NftChainInfo(NftFamily Family, string Table, string Name, ulong Handle, NftBaseChain? BaseChain, uint Use)
{
    internal static NftChainInfo Parse(in NetlinkMessage message)
    {
        var chain = new NftChainInfo(NftWire.ReadFamily(message), string.Empty, string.Empty, 0, null, 0);
        string? type = null;
        uint? hook = null;
        var priority = 0;
        var policy = NftVerdictCode.Accept;
        var reader = message.Attributes(nfgenmsg.Size);
        while (reader.TryRead(out var attribute))
        {
            switch (attribute.Type)
            {
                case NfTables.NFTA_CHAIN_TABLE:
                    chain = chain with { Table = attribute.GetString() };
                    break;
                case NfTables.NFTA_CHAIN_NAME:
                    chain = chain with { Name = attribute.GetString() };
                    break;
                case NfTables.NFTA_CHAIN_HANDLE:
                    chain = chain with { Handle = NftWire.ReadU64(attribute) };
                    break;
                case NfTables.NFTA_CHAIN_USE:
                    chain = chain with { Use = NftWire.ReadU32(attribute) };
                    break;
                case NfTables.NFTA_CHAIN_TYPE:
                    type = attribute.GetString();
                    break;
                case NfTables.NFTA_CHAIN_POLICY:
                    policy = (NftVerdictCode)unchecked((int)NftWire.ReadU32(attribute));
                    break;
                case NfTables.NFTA_CHAIN_HOOK:
                    var fields = attribute.GetNested();
                    while (fields.TryRead(out var field))
                    {
                        if (field.Type == NfTables.NFTA_HOOK_HOOKNUM)
                        {
                            hook = NftWire.ReadU32(field);
                        }
                        else if (field.Type == NfTables.NFTA_HOOK_PRIORITY)
                        {
                            priority = unchecked((int)NftWire.ReadU32(field));
                        }
                    }

                    break;
                default:
                    break;
            }
        }

        return hook is { } number && type is not null
            ? chain with { BaseChain = new NftBaseChain(ParseType(type), (NftHook)number, priority, policy) }
            : chain;
    }

    private static NftChainType ParseType(string type) => type switch
    {
        "nat" => NftChainType.Nat,
        "route" => NftChainType.Route,
        _ => NftChainType.Filter,
    };
}
