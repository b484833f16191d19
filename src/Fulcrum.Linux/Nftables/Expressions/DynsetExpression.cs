using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Linux.Nftables.Expressions;

/// <summary>
/// <c>dynset</c>: adds or updates an element of a dynamic set from the packet path, e.g.
/// <c>update @persist { KEY timeout 30s : DATA }</c>. The key comes from <paramref name="KeySource"/>
/// (and the registers after it), a map's data from <paramref name="DataSource"/>. When the set is
/// full the rule stops here (NFT_BREAK).
/// </summary>
/// <param name="Operation">Add, update or delete.</param>
/// <param name="SetName">The set's name.</param>
/// <param name="KeySource">First register of the key.</param>
/// <param name="DataSource">First register of a map's data; null for a plain set.</param>
/// <param name="Timeout">Timeout of added elements and of refreshes; null for the set's default.</param>
/// <param name="SetId">The NFTA_SET_ID of a set created in the same batch.</param>
public sealed record DynsetExpression(
    NftDynsetOperation Operation,
    string SetName,
    NftRegister KeySource,
    NftRegister? DataSource = null,
    TimeSpan? Timeout = null,
    uint? SetId = null) : NftExpression
{
    /// <inheritdoc />
    public override string Name => "dynset";

    /// <summary>
    /// A stateful expression kept per element (NFTA_DYNSET_EXPR), e.g. a <see cref="LimitExpression"/>
    /// for a meter: <c>update @m { ip saddr limit rate over 5/minute }</c>. The rule goes on only when it matches.
    /// </summary>
    public NftExpression? ElementExpression { get; init; }

    internal override void WriteData(NetlinkMessageWriter writer)
    {
        // libnftnl's order: set name, set id, key, data, op, timeout.
        writer.WriteString(NfTables.NFTA_DYNSET_SET_NAME, SetName);
        if (SetId is { } id)
        {
            NftWire.WriteU32(writer, NfTables.NFTA_DYNSET_SET_ID, id);
        }

        NftWire.WriteRegister(writer, NfTables.NFTA_DYNSET_SREG_KEY, KeySource);
        if (DataSource is { } data)
        {
            NftWire.WriteRegister(writer, NfTables.NFTA_DYNSET_SREG_DATA, data);
        }

        NftWire.WriteU32(writer, NfTables.NFTA_DYNSET_OP, (uint)Operation);
        if (Timeout is { } timeout)
        {
            // Milliseconds, big-endian (nft_dynset_init: nf_msecs_to_jiffies64).
            writer.WriteUInt64(NfTables.NFTA_DYNSET_TIMEOUT, (ulong)timeout.TotalMilliseconds, NetlinkByteOrder.Network);
        }

        if (ElementExpression is { } element)
        {
            var nest = writer.BeginNested(NfTables.NFTA_DYNSET_EXPR);
            element.WriteBody(writer);
            writer.EndNested(nest);
        }
    }

    internal static DynsetExpression Parse(NetlinkAttributeReader data)
    {
        var expression = new DynsetExpression(NftDynsetOperation.Add, string.Empty, NftRegister.Verdict);
        while (data.TryRead(out var attribute))
        {
            expression = attribute.Type switch
            {
                NfTables.NFTA_DYNSET_SET_NAME => expression with { SetName = attribute.GetString() },
                NfTables.NFTA_DYNSET_SET_ID => expression with { SetId = NftWire.ReadU32(attribute) },
                NfTables.NFTA_DYNSET_OP => expression with { Operation = (NftDynsetOperation)NftWire.ReadU32(attribute) },
                NfTables.NFTA_DYNSET_SREG_KEY => expression with { KeySource = NftWire.ReadRegister(attribute) },
                NfTables.NFTA_DYNSET_SREG_DATA => expression with { DataSource = NftWire.ReadRegister(attribute) },
                NfTables.NFTA_DYNSET_TIMEOUT => expression with { Timeout = TimeSpan.FromMilliseconds(NftWire.ReadU64(attribute)) },
                _ => expression,
            };
        }

        return expression;
    }
}
