using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Linux.Nftables.Expressions;

/// <summary>
/// One nf_tables expression of a rule. On the wire each is a list element
/// <c>{ NFTA_EXPR_NAME: "payload", NFTA_EXPR_DATA: { ...expression attributes... } }</c>; the
/// attribute order follows what libnftnl emits so that golden bytes can be compared with nft's.
/// </summary>
public abstract record NftExpression
{
    /// <summary>The kernel's expression name (NFTA_EXPR_NAME), e.g. "payload".</summary>
    public abstract string Name { get; }

    /// <summary>Writes the expression as one NFTA_LIST_ELEM of NFTA_RULE_EXPRESSIONS.</summary>
    internal void Write(NetlinkMessageWriter writer)
    {
        var element = writer.BeginNested(NfTables.NFTA_LIST_ELEM);
        WriteBody(writer);
        writer.EndNested(element);
    }

    /// <summary>Writes NFTA_EXPR_NAME and NFTA_EXPR_DATA (inside a list element or NFTA_DYNSET_EXPR).</summary>
    internal void WriteBody(NetlinkMessageWriter writer)
    {
        writer.WriteString(NfTables.NFTA_EXPR_NAME, Name);
        var data = writer.BeginNested(NfTables.NFTA_EXPR_DATA);
        WriteData(writer);
        writer.EndNested(data);
    }

    /// <summary>Writes the attributes inside NFTA_EXPR_DATA.</summary>
    internal abstract void WriteData(NetlinkMessageWriter writer);
}
