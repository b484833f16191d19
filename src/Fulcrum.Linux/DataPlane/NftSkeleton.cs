using Fulcrum.Linux.Nftables;
using Fulcrum.Linux.Nftables.Expressions;

namespace Fulcrum.Linux.DataPlane;

/// <summary>
/// The fixed part of table <c>ip fulcrum</c>: the table, the shared sets and the two base chains
/// with their rules. Written when the reader found any of it missing; every command is idempotent
/// on what exists (no NLM_F_EXCL; base chains are flushed and refilled in the same transaction).
/// The table never has <c>flags owner</c>: the data plane must outlive the daemon.
/// <code>
/// chain prerouting { type nat hook prerouting priority dstnat; policy accept;
///   ip daddr . meta l4proto . th dport vmap @services
///   ip daddr . meta l4proto . th dport vmap @service_ranges }
/// chain counters { type filter hook forward priority filter; policy accept;
///   ct mark @targets update @stats { ct mark . ct direction } }
/// </code>
/// </summary>
internal static class NftSkeleton
{
    public static IReadOnlyList<string> Describe() =>
    [
        $"add table ip {NftLayout.Table}",
        .. NftLayout.Sets.Select(set => $"add {(set.DataType is null ? "set" : "map")} ip {NftLayout.Table} {set.Name}"),
        $"add chain ip {NftLayout.Table} {NftLayout.Prerouting} {{ type nat hook prerouting priority dstnat; policy accept; }}",
        $"add rule ip {NftLayout.Table} {NftLayout.Prerouting} ip daddr . meta l4proto . th dport vmap @{NftLayout.Services}",
        $"add rule ip {NftLayout.Table} {NftLayout.Prerouting} ip daddr . meta l4proto . th dport vmap @{NftLayout.ServiceRanges}",
        $"add chain ip {NftLayout.Table} {NftLayout.Counting} {{ type filter hook forward priority filter; policy accept; }}",
        $"add rule ip {NftLayout.Table} {NftLayout.Counting} ct mark @{NftLayout.Targets} update @{NftLayout.Stats} {{ ct mark . ct direction }}",
    ];

    public static void Write(NftBatch batch)
    {
        const NftFamily ip = NftLayout.Family;
        const string table = NftLayout.Table;
        batch.AddTable(ip, table);
        foreach (var set in NftLayout.Sets)
        {
            batch.AddSet(set);
        }

        batch.AddChain(ip, table, NftLayout.Prerouting, NftLayout.PreroutingHook)
            .FlushChain(ip, table, NftLayout.Prerouting)
            .AddRule(ip, table, NftLayout.Prerouting, Dispatch(NftLayout.Services))
            .AddRule(ip, table, NftLayout.Prerouting, Dispatch(NftLayout.ServiceRanges))
            .AddChain(ip, table, NftLayout.Counting, NftLayout.CountingHook)
            .FlushChain(ip, table, NftLayout.Counting)
            .AddRule(ip, table, NftLayout.Counting, Count());
    }

    /// <summary>Rules each base chain holds when complete (what the reader checks).</summary>
    public static int PreroutingRules => 2;

    public static int CountingRules => 1;

    private static NftExpression[] Dispatch(string map) =>
    [
        PayloadExpression.IpDestinationAddress(NftRegister.Reg32_00),
        new MetaExpression(NftMetaKey.L4Proto, NftRegister.Reg32_01),
        PayloadExpression.TransportDestinationPort(NftRegister.Reg32_02),
        new LookupExpression(map, NftRegister.Reg32_00, NftRegister.Verdict),
    ];

    private static NftExpression[] Count() =>
    [
        // Only Fulcrum's marks: an operator's own ct marks never create counters here.
        new CtExpression(NftCtKey.Mark, NftRegister.Reg32_00),
        new LookupExpression(NftLayout.Targets, NftRegister.Reg32_00),
        new CtExpression(NftCtKey.Direction, NftRegister.Reg32_01),
        new DynsetExpression(NftDynsetOperation.Update, NftLayout.Stats, NftRegister.Reg32_00),
    ];
}
