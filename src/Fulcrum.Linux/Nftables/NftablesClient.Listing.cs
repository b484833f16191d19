using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Linux.Nftables;

/// <summary>Dumps (NLM_F_DUMP, multipart until NLMSG_DONE), for adopting kernel state after a restart.</summary>
public sealed partial class NftablesClient
{
    // A dump interrupted by a concurrent commit (NLM_F_DUMP_INTR, reported as EINTR) is retried.
    private const int DumpAttempts = 5;

    /// <summary><c>nft list tables [FAMILY]</c>.</summary>
    public IReadOnlyList<NftTableInfo> ListTables(NftFamily? family = null) =>
        Dump(NfTables.NFT_MSG_GETTABLE, family, static _ => { }, static (in NetlinkMessage m, List<NftTableInfo> into) => into.Add(NftTableInfo.Parse(m)));

    /// <summary><c>nft list chains FAMILY</c>, restricted to one table.</summary>
    public IReadOnlyList<NftChainInfo> ListChains(NftFamily family, string table) =>
        [.. Dump(NfTables.NFT_MSG_GETCHAIN, family, static _ => { }, static (in NetlinkMessage m, List<NftChainInfo> into) => into.Add(NftChainInfo.Parse(m)))
            .Where(chain => chain.Table == table)];

    /// <summary><c>nft list sets|maps table FAMILY TABLE</c> (declarations, without elements).</summary>
    public IReadOnlyList<NftSet> ListSets(NftFamily family, string table) =>
        Dump(NfTables.NFT_MSG_GETSET, family, writer => writer.WriteString(NfTables.NFTA_SET_TABLE, table), static (in NetlinkMessage m, List<NftSet> into) => into.Add(NftSetParser.Parse(m)));

    /// <summary>The elements of <c>nft list set|map FAMILY TABLE SET</c>.</summary>
    public IReadOnlyList<NftSetElement> ListElements(NftFamily family, string table, string set) =>
        Dump(
            NfTables.NFT_MSG_GETSETELEM,
            family,
            writer =>
            {
                writer.WriteString(NfTables.NFTA_SET_ELEM_LIST_TABLE, table);
                writer.WriteString(NfTables.NFTA_SET_ELEM_LIST_SET, set);
            },
            static (in NetlinkMessage m, List<NftSetElement> into) => NftSetElementParser.Parse(m, into));

    /// <summary><c>nft -a list table|chain ...</c>: the rules with handles and counter values.</summary>
    public IReadOnlyList<NftRuleInfo> ListRules(NftFamily family, string table, string? chain = null) =>
        Dump(
            NfTables.NFT_MSG_GETRULE,
            family,
            writer =>
            {
                writer.WriteString(NfTables.NFTA_RULE_TABLE, table);
                if (chain is not null)
                {
                    writer.WriteString(NfTables.NFTA_RULE_CHAIN, chain);
                }
            },
            static (in NetlinkMessage m, List<NftRuleInfo> into) => into.Add(NftRuleInfo.Parse(m)));

    private List<T> Dump<T>(byte message, NftFamily? family, Action<NetlinkMessageWriter> writeFilter, NftDumpParser<T> parse)
    {
        for (var attempt = 1; ; attempt++)
        {
            var results = new List<T>();
            var writer = _netlink.CreateRequest();
            writer.BeginMessage(NfNetlinkConstants.NfTablesType(message), NetlinkMessageFlags.Request | NetlinkMessageFlags.Dump);
            new nfgenmsg((byte)(family ?? 0), nfgenmsg.NFNETLINK_V0, 0).Write(writer.WriteFamilyHeader(nfgenmsg.Size));
            writeFilter(writer);
            writer.EndMessage();
            try
            {
                _netlink.Execute(
                    writer,
                    (in NetlinkMessage reply) =>
                    {
                        if (reply.Type == NfNetlinkConstants.NfTablesType((byte)(message - 1)))
                        {
                            parse(reply, results);
                        }
                    },
                    _ => NfTables.MessageName(message) + " dump");
                return results;
            }
            catch (NetlinkException interrupted) when (interrupted.Errno == Errno.EINTR && attempt < DumpAttempts)
            {
                // The ruleset changed during the dump; the kernel flagged it inconsistent. Retry.
            }
        }
    }
}
