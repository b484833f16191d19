using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;
using Fulcrum.Linux.Nftables.Expressions;

namespace Fulcrum.Linux.Nftables;

/// <summary>Reads the elements of NFT_MSG_NEWSETELEM messages (GETSETELEM dumps, the writer's output in tests).</summary>
internal static class NftSetElementParser
{
    public static void Parse(in NetlinkMessage message, List<NftSetElement> into)
    {
        var reader = message.Attributes(nfgenmsg.Size);
        while (reader.TryRead(out var attribute))
        {
            if (attribute.Type != NfTables.NFTA_SET_ELEM_LIST_ELEMENTS)
            {
                continue;
            }

            var list = attribute.GetNested();
            while (list.TryRead(out var element))
            {
                if (element.Type == NfTables.NFTA_LIST_ELEM)
                {
                    into.Add(ParseElement(element.GetNested()));
                }
            }
        }
    }

    private static NftSetElement ParseElement(NetlinkAttributeReader fields)
    {
        var element = new NftSetElement(default);
        while (fields.TryRead(out var field))
        {
            element = field.Type switch
            {
                NfTables.NFTA_SET_ELEM_KEY => element with { Key = NftWire.ReadData(field) ?? default },
                NfTables.NFTA_SET_ELEM_KEY_END => element with { KeyEnd = NftWire.ReadData(field) },
                NfTables.NFTA_SET_ELEM_DATA => element with { Data = NftWire.ReadData(field), Verdict = NftWire.ReadVerdict(field) },
                NfTables.NFTA_SET_ELEM_FLAGS => element with { IsIntervalEnd = (NftWire.ReadU32(field) & NfTables.NFT_SET_ELEM_INTERVAL_END) != 0 },
                NfTables.NFTA_SET_ELEM_TIMEOUT => element with { Timeout = TimeSpan.FromMilliseconds(NftWire.ReadU64(field)) },
                NfTables.NFTA_SET_ELEM_EXPIRATION => element with { Expiration = TimeSpan.FromMilliseconds(NftWire.ReadU64(field)) },
                NfTables.NFTA_SET_ELEM_EXPR => element with { Counter = NftExpressionParser.ParseOne(field.GetNested()) as CounterExpression ?? element.Counter },
                NfTables.NFTA_SET_ELEM_EXPRESSIONS => element with { Counter = NftExpressionParser.ParseList(field.GetNested()).OfType<CounterExpression>().FirstOrDefault() ?? element.Counter },
                _ => element,
            };
        }

        return element;
    }
}
