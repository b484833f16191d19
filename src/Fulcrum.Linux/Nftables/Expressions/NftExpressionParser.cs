using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Linux.Nftables.Expressions;

/// <summary>Reads NFTA_RULE_EXPRESSIONS back into expression records (rule dumps, round-trip tests).</summary>
internal static class NftExpressionParser
{
    /// <summary>Parses one NFTA_LIST_ELEM-less expression: <c>{ NFTA_EXPR_NAME, NFTA_EXPR_DATA }</c> (set and element expressions).</summary>
    public static NftExpression ParseOne(NetlinkAttributeReader element) => Parse(element);

    public static IReadOnlyList<NftExpression> ParseList(NetlinkAttributeReader list)
    {
        var expressions = new List<NftExpression>();
        while (list.TryRead(out var element))
        {
            if (element.Type == NfTables.NFTA_LIST_ELEM)
            {
                expressions.Add(Parse(element.GetNested()));
            }
        }

        return expressions;
    }

    private static NftExpression Parse(NetlinkAttributeReader element)
    {
        var name = string.Empty;
        var data = ReadOnlySpan<byte>.Empty;
        while (element.TryRead(out var attribute))
        {
            switch (attribute.Type)
            {
                case NfTables.NFTA_EXPR_NAME:
                    name = attribute.GetString();
                    break;
                case NfTables.NFTA_EXPR_DATA:
                    data = attribute.Value;
                    break;
                default:
                    break;
            }
        }

        var reader = new NetlinkAttributeReader(data);
        return name switch
        {
            "payload" => PayloadExpression.Parse(reader),
            "meta" => MetaExpression.Parse(reader),
            "cmp" => CmpExpression.Parse(reader),
            "lookup" => LookupExpression.Parse(reader),
            "immediate" => ImmediateExpression.Parse(reader),
            "numgen" => NumgenExpression.Parse(reader),
            "hash" => HashExpression.Parse(reader),
            "nat" => NatExpression.Parse(reader),
            "counter" => CounterExpression.Parse(reader),
            "ct" => CtExpression.Parse(reader),
            "bitwise" => BitwiseExpression.Parse(reader),
            "range" => RangeExpression.Parse(reader),
            "dynset" => DynsetExpression.Parse(reader),
            "limit" => LimitExpression.Parse(reader),
            "log" => LogExpression.Parse(reader),
            "fib" => FibExpression.Parse(reader),
            "dup" => DupExpression.Parse(reader),
            _ => new UnknownExpression(name, new NftData(data)),
        };
    }
}
