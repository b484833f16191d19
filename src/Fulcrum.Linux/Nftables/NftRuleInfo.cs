using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;
using Fulcrum.Linux.Nftables.Expressions;

namespace Fulcrum.Linux.Nftables;

/// <summary>A rule as the kernel lists it (<c>nft -a list chain ...</c>), counters included.</summary>
/// <param name="Family">Address family.</param>
/// <param name="Table">Table name.</param>
/// <param name="Chain">Chain name.</param>
/// <param name="Handle">Kernel handle, for replace and delete.</param>
/// <param name="Expressions">The rule's expressions.</param>
public sealed record NftRuleInfo(NftFamily Family, string Table, string Chain, ulong Handle, IReadOnlyList<NftExpression> Expressions)
{
    /// <summary>NFTA_RULE_USERDATA as written (e.g. an nft comment, <see cref="NftRuleComment"/>), or null.</summary>
    public NftData? UserData { get; init; }

    internal static NftRuleInfo Parse(in NetlinkMessage message)
    {
        var rule = new NftRuleInfo(NftWire.ReadFamily(message), string.Empty, string.Empty, 0, []);
        var reader = message.Attributes(nfgenmsg.Size);
        while (reader.TryRead(out var attribute))
        {
            rule = attribute.Type switch
            {
                NfTables.NFTA_RULE_TABLE => rule with { Table = attribute.GetString() },
                NfTables.NFTA_RULE_CHAIN => rule with { Chain = attribute.GetString() },
                NfTables.NFTA_RULE_HANDLE => rule with { Handle = NftWire.ReadU64(attribute) },
                NfTables.NFTA_RULE_EXPRESSIONS => rule with { Expressions = NftExpressionParser.ParseList(attribute.GetNested()) },
                NfTables.NFTA_RULE_USERDATA => rule with { UserData = new NftData(attribute.Value) },
                _ => rule,
            };
        }

        return rule;
    }
}
