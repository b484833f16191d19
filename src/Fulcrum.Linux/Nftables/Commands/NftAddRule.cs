using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;
using Fulcrum.Linux.Nftables.Expressions;

namespace Fulcrum.Linux.Nftables.Commands;

/// <summary>
/// <c>nft add rule FAMILY TABLE CHAIN ...</c> (NFT_MSG_NEWRULE with NLM_F_APPEND), or with
/// <paramref name="ReplaceHandle"/> <c>nft replace rule FAMILY TABLE CHAIN handle H ...</c> (NLM_F_REPLACE).
/// </summary>
public sealed record NftAddRule(NftFamily Family, string Table, string Chain, IReadOnlyList<NftExpression> Expressions, ulong? ReplaceHandle = null) : NftCommand(Family)
{
    /// <summary>NFTA_RULE_USERDATA: opaque to the kernel, kept with the rule; see <see cref="NftRuleComment"/>.</summary>
    public NftData? UserData { get; init; }

    internal override void Write(NetlinkMessageWriter writer, NetlinkMessageFlags baseFlags)
    {
        var flags = ReplaceHandle is null
            ? baseFlags | NetlinkMessageFlags.Create | NetlinkMessageFlags.Append
            : baseFlags | NetlinkMessageFlags.Replace;
        NftWire.BeginMessage(writer, NfTables.NFT_MSG_NEWRULE, flags, Family);
        writer.WriteString(NfTables.NFTA_RULE_TABLE, Table);
        writer.WriteString(NfTables.NFTA_RULE_CHAIN, Chain);
        if (ReplaceHandle is { } handle)
        {
            writer.WriteUInt64(NfTables.NFTA_RULE_HANDLE, handle, NetlinkByteOrder.Network);
        }

        var list = writer.BeginNested(NfTables.NFTA_RULE_EXPRESSIONS);
        foreach (var expression in Expressions)
        {
            expression.Write(writer);
        }

        writer.EndNested(list);
        if (UserData is { } userData)
        {
            writer.WriteAttribute(NfTables.NFTA_RULE_USERDATA, userData.Span);
        }

        writer.EndMessage();
    }

    /// <inheritdoc />
    public override string ToString() => ReplaceHandle is { } handle
        ? $"replace rule {Family.ToString().ToLowerInvariant()} {Table} {Chain} handle {handle}"
        : $"add rule {Family.ToString().ToLowerInvariant()} {Table} {Chain} ({Expressions.Count} expression(s))";
}
