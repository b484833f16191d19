using Fulcrum.Linux.Nftables;
using Fulcrum.Linux.Nftables.Expressions;

namespace Fulcrum.Linux.DataPlane;

/// <summary>
/// The fixed part of table <c>ip fulcrum</c>: the table, the shared sets, the base chains, the 256
/// bucket chains with map <c>buckets</c> leading to them, and the shared chains of persistent
/// services. Written when the reader found any of it missing; every command is idempotent on what
/// exists (no NLM_F_EXCL; the chains with fixed rules are flushed and refilled in the same
/// transaction, the bucket chains, which hold the services' rules, never are). The table never
/// has <c>flags owner</c>: the data plane must outlive the daemon.
/// <code>
/// chain prerouting { type nat hook prerouting priority dstnat; policy accept;
///   ct mark set ip daddr . meta l4proto . th dport map @services ct mark &amp; 0x01fe0000 vmap @buckets
///                                                                  (ct mark = ID &lt;&lt; 17; the bucket rule adds the slot)
///   ip daddr . meta l4proto . th dport @services ct mark set ct mark map @backends dnat ip addr . port to ct mark map @targets
///   ip daddr . meta l4proto . th dport @services ct mark set 0     (empty slot table: no DNAT, the VIP answers)
///   ... the same three for @service_ranges, with address-only DNAT (the client's port stays) }
/// chain output { type nat hook output priority -100; policy accept;
///   fib saddr type local accept                                    (the node's own connections are not balanced)
///   ... the six rules of prerouting }                              (the SYN proxy's SYN to the server, from the client's address)
/// chain counters { type filter hook forward priority filter; policy accept;
///   ct mark @targets update @stats { ct mark . ct direction } }
/// chain bucket_0 ... bucket_255                                    (the services' rules, see ServiceRules)
/// chain pick      { ct mark set ct mark map @backends return        (persistent services: remember, then DNAT)
///                   ct mark set 0 accept }
/// chain dnat_port { dnat ip addr . port to ct mark map @targets }
/// chain dnat_addr { dnat ip to ct mark map @targets }
/// </code>
/// ct mark carries the service id in, the slot key through (set by the bucket rule) and the
/// chosen server's mark out. Only these rules look the big maps up, so each map has one or two
/// set bindings whatever the number of services (see <see cref="ServiceRules"/>).
/// </summary>
internal static class NftSkeleton
{
    public const string Pick = "pick";
    public const string DnatPort = "dnat_port";
    public const string DnatAddress = "dnat_addr";

    /// <summary>The skeleton as nft commands (<c>fulcrum plan</c>, <c>apply</c>); the key-only map matches as the kernel gets them.</summary>
    public static IReadOnlyList<string> Describe(NftKernelFeatures features)
    {
        ArgumentNullException.ThrowIfNull(features);
        var lines = DescribeCurrent();
        return features.MapKeyMatch ? lines : [.. lines.Select(KeyMatchByValue)];
    }

    /// <summary><c>KEY @map</c> written as kernels before 6.5 get it: <c>KEY map @map != 0</c>.</summary>
    private static string KeyMatchByValue(string line)
    {
        foreach (var map in new[] { NftLayout.Services, NftLayout.ServiceRanges, NftLayout.Targets })
        {
            line = line.Replace($" @{map} ct mark set", $" map @{map} != 0 ct mark set", StringComparison.Ordinal)
                .Replace($"ct mark @{map} update", $"ct mark map @{map} != 0 update", StringComparison.Ordinal);
        }

        return line;
    }

    private static IReadOnlyList<string> DescribeCurrent() =>
    [
        $"add table ip {NftLayout.Table}",
        .. NftLayout.Sets.Select(set => $"add {(set.DataType is null ? "set" : "map")} ip {NftLayout.Table} {set.Name}"),
        $"add chain ip {NftLayout.Table} {Pick}",
        $"add rule ip {NftLayout.Table} {Pick} ct mark set ct mark map @{NftLayout.Backends} return",
        $"add rule ip {NftLayout.Table} {Pick} ct mark set 0 accept",
        $"add chain ip {NftLayout.Table} {DnatPort}",
        $"add rule ip {NftLayout.Table} {DnatPort} dnat ip addr . port to ct mark map @{NftLayout.Targets}",
        $"add chain ip {NftLayout.Table} {DnatAddress}",
        $"add rule ip {NftLayout.Table} {DnatAddress} dnat ip to ct mark map @{NftLayout.Targets}",
        $"add chain ip {NftLayout.Table} bucket_0 ... bucket_{NftLayout.BucketCount - 1}",
        $"add element ip {NftLayout.Table} {NftLayout.Buckets} {{ 0x00000000 : jump bucket_0, 0x00020000 : jump bucket_1, ... ({NftLayout.BucketCount} elements) }}",
        $"add chain ip {NftLayout.Table} {NftLayout.Prerouting} {{ type nat hook prerouting priority dstnat; policy accept; }}",
        $"add rule ip {NftLayout.Table} {NftLayout.Prerouting} ct mark set ip daddr . meta l4proto . th dport map @{NftLayout.Services} ct mark & {NftLayout.Hex(NftLayout.BucketMask)} vmap @{NftLayout.Buckets}",
        $"add rule ip {NftLayout.Table} {NftLayout.Prerouting} ip daddr . meta l4proto . th dport @{NftLayout.Services} ct mark set ct mark map @{NftLayout.Backends} dnat ip addr . port to ct mark map @{NftLayout.Targets}",
        $"add rule ip {NftLayout.Table} {NftLayout.Prerouting} ip daddr . meta l4proto . th dport @{NftLayout.Services} ct mark set 0",
        $"add rule ip {NftLayout.Table} {NftLayout.Prerouting} ct mark set ip daddr . meta l4proto . th dport map @{NftLayout.ServiceRanges} ct mark & {NftLayout.Hex(NftLayout.BucketMask)} vmap @{NftLayout.Buckets}",
        $"add rule ip {NftLayout.Table} {NftLayout.Prerouting} ip daddr . meta l4proto . th dport @{NftLayout.ServiceRanges} ct mark set ct mark map @{NftLayout.Backends} dnat ip to ct mark map @{NftLayout.Targets}",
        $"add rule ip {NftLayout.Table} {NftLayout.Prerouting} ip daddr . meta l4proto . th dport @{NftLayout.ServiceRanges} ct mark set 0",
        $"add chain ip {NftLayout.Table} {NftLayout.Output} {{ type nat hook output priority -100; policy accept; }}",
        $"add rule ip {NftLayout.Table} {NftLayout.Output} fib saddr type local accept",
        $"add rule ip {NftLayout.Table} {NftLayout.Output} ... the six rules of {NftLayout.Prerouting}",
        $"add chain ip {NftLayout.Table} {NftLayout.Counting} {{ type filter hook forward priority filter; policy accept; }}",
        $"add rule ip {NftLayout.Table} {NftLayout.Counting} ct mark @{NftLayout.Targets} update @{NftLayout.Stats} {{ ct mark . ct direction }}",
    ];

    /// <summary>Every chain of the skeleton with the number of rules it holds when complete (what the reader checks).</summary>
    public static IReadOnlyDictionary<string, int> RuleCounts { get; } = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        [Pick] = 2,
        [DnatPort] = 1,
        [DnatAddress] = 1,
        [NftLayout.Prerouting] = 6,
        [NftLayout.Output] = 7,
        [NftLayout.Counting] = 1,
    };

    /// <summary>Writes the skeleton; on a kernel without <see cref="NftKernelFeatures.MapKeyMatch"/> the key-only map lookups load the value into a scratch register.</summary>
    public static void Write(NftBatch batch, NftKernelFeatures features)
    {
        ArgumentNullException.ThrowIfNull(features);
        const NftFamily ip = NftLayout.Family;
        const string table = NftLayout.Table;
        batch.AddTable(ip, table);
        foreach (var set in NftLayout.Sets)
        {
            batch.AddSet(set);
        }

        // Shared chains before the base chains and service chains that jump to them.
        batch.AddChain(ip, table, Pick)
            .FlushChain(ip, table, Pick)
            .AddRule(ip, table, Pick, [.. Choose(), new VerdictExpression(NftVerdict.Return)])
            .AddRule(ip, table, Pick, Unscheduled())
            .AddChain(ip, table, DnatPort)
            .FlushChain(ip, table, DnatPort)
            .AddRule(ip, table, DnatPort, Dnat(withPort: true))
            .AddChain(ip, table, DnatAddress)
            .FlushChain(ip, table, DnatAddress)
            .AddRule(ip, table, DnatAddress, Dnat(withPort: false));
        foreach (var bucket in NftLayout.BucketChains)
        {
            batch.AddChain(ip, table, bucket);
        }

        batch.AddElements(ip, table, NftLayout.Buckets, Enumerable.Range(0, NftLayout.BucketCount)
                .Select(b => new NftSetElement(NftLayout.BucketKey(b), Verdict: NftVerdict.Jump(NftLayout.BucketChainName(b)))))
            .AddChain(ip, table, NftLayout.Prerouting, NftLayout.PreroutingHook)
            .FlushChain(ip, table, NftLayout.Prerouting);
        AddDispatchRules(batch, NftLayout.Prerouting, features);
        batch.AddChain(ip, table, NftLayout.Output, NftLayout.OutputHook)
            .FlushChain(ip, table, NftLayout.Output)
            .AddRule(ip, table, NftLayout.Output, LocalSourceAccept());
        AddDispatchRules(batch, NftLayout.Output, features);
        batch.AddChain(ip, table, NftLayout.Counting, NftLayout.CountingHook)
            .FlushChain(ip, table, NftLayout.Counting)
            .AddRule(ip, table, NftLayout.Counting, Count(features));
    }

    private const NftRegister Mark = NftRegister.Reg32_06;

    /// <summary>
    /// Where a key-only map lookup puts the value, on kernels before 6.5 (they refuse a lookup in a
    /// map without a destination register). Free in every rule that uses it: the key is
    /// in r0..r2, the mark in r6, the DNAT target in r2..r3; the counter rule's key is r0..r1 (there
    /// the unread value is a target, 8 bytes: r4..r5).
    /// </summary>
    private const NftRegister Unread = NftRegister.Reg32_04;

    // RTN_LOCAL (include/uapi/linux/rtnetlink.h).
    private const uint LocalRouteType = 2;

    private static void AddDispatchRules(NftBatch batch, string chain, NftKernelFeatures features)
    {
        const NftFamily ip = NftLayout.Family;
        const string table = NftLayout.Table;
        // Single-port services first and completely (a DNAT ends the chain), so their new flows
        // never pay for the interval map's lookup.
        batch.AddRule(ip, table, chain, Dispatch(NftLayout.Services))
            .AddRule(ip, table, chain, [.. Key(), .. KeyIn(NftLayout.Services, NftRegister.Reg32_00, features), .. Choose(), .. Dnat(withPort: true)])
            .AddRule(ip, table, chain, [.. Key(), .. KeyIn(NftLayout.Services, NftRegister.Reg32_00, features), .. ClearMark()])
            .AddRule(ip, table, chain, Dispatch(NftLayout.ServiceRanges))
            .AddRule(ip, table, chain, [.. Key(), .. KeyIn(NftLayout.ServiceRanges, NftRegister.Reg32_00, features), .. Choose(), .. Dnat(withPort: false)])
            .AddRule(ip, table, chain, [.. Key(), .. KeyIn(NftLayout.ServiceRanges, NftRegister.Reg32_00, features), .. ClearMark()]);
    }

    /// <summary>
    /// <c>KEY @map</c>: the key is in the map. Linux 6.5+ takes the lookup without a destination.
    /// Older kernels need one: the value goes to <see cref="Unread"/> and is compared with zero,
    /// which every value of these maps differs from (service ids start at 1; a target's address is
    /// never 0.0.0.0) — the same match, and <c>nft list</c> shows it as <c>KEY map @map != 0</c>
    /// (a value nothing read would be left out of the listing altogether).
    /// </summary>
    private static NftExpression[] KeyIn(string map, NftRegister key, NftKernelFeatures features) =>
        features.MapKeyMatch
            ? [new LookupExpression(map, key)]
            : [new LookupExpression(map, key, Unread), new CmpExpression(Unread, NftCmpOperator.NotEqual, NftData.FromUInt32HostOrder(0))];

    /// <summary><c>fib saddr type local accept</c>: a connection the node opens from its own address is not balanced.</summary>
    private static NftExpression[] LocalSourceAccept() =>
    [
        new FibExpression(NftRegister.Reg32_00, Interop.NfTables.NFT_FIB_RESULT_ADDRTYPE, Interop.NfTables.NFTA_FIB_F_SADDR),
        new CmpExpression(NftRegister.Reg32_00, NftCmpOperator.Equal, NftData.FromUInt32HostOrder(LocalRouteType)),
        new VerdictExpression(NftVerdict.Accept),
    ];

    /// <summary><c>ct mark set ct mark map @backends</c>: slot key in, server mark out; a miss stops the rule.</summary>
    private static NftExpression[] Choose() =>
    [
        new CtExpression(NftCtKey.Mark, Mark),
        new LookupExpression(NftLayout.Backends, Mark, Mark),
        new CtSetExpression(NftCtKey.Mark, Mark),
    ];

    /// <summary>
    /// <c>ct mark set KEY map @SET ct mark &amp; 0x01fe0000 vmap @buckets</c>: the service id into ct
    /// mark, then to the service's bucket. The mark is stored and reloaded, because nft 1.0.6 cannot
    /// list a rule in which a map's result feeds another lookup.
    /// </summary>
    private static NftExpression[] Dispatch(string set) =>
    [
        .. Key(),
        new LookupExpression(set, NftRegister.Reg32_00, Mark),
        new CtSetExpression(NftCtKey.Mark, Mark),
        new CtExpression(NftCtKey.Mark, Mark),
        new BitwiseExpression(Mark, Mark, 4, NftData.FromUInt32HostOrder(NftLayout.BucketMask), NftData.FromUInt32HostOrder(0)),
        new LookupExpression(NftLayout.Buckets, Mark, NftRegister.Verdict),
    ];

    /// <summary>No usable server: clear the slot key and accept without DNAT (the VIP itself answers, with a reset).</summary>
    private static NftExpression[] Unscheduled() => [.. ClearMark(), new VerdictExpression(NftVerdict.Accept)];

    private static NftExpression[] ClearMark() =>
    [
        new ImmediateExpression(Mark, NftLayout.Mark(0)),
        new CtSetExpression(NftCtKey.Mark, Mark),
    ];

    private static NftExpression[] Dnat(bool withPort) =>
    [
        new CtExpression(NftCtKey.Mark, Mark),
        new LookupExpression(NftLayout.Targets, Mark, NftRegister.Reg32_02),
        withPort
            ? new NatExpression(NftNatType.Destination, NftFamily.Ip, NftRegister.Reg32_02, NftRegister.Reg32_03)
            : new NatExpression(NftNatType.Destination, NftFamily.Ip, NftRegister.Reg32_02),
    ];

    /// <summary><c>ip daddr . meta l4proto . th dport</c> in r0 r1 r2: the dispatch key.</summary>
    private static NftExpression[] Key() =>
    [
        PayloadExpression.IpDestinationAddress(NftRegister.Reg32_00),
        new MetaExpression(NftMetaKey.L4Proto, NftRegister.Reg32_01),
        PayloadExpression.TransportDestinationPort(NftRegister.Reg32_02),
    ];

    private static NftExpression[] Count(NftKernelFeatures features) =>
    [
        // Only Fulcrum's marks: an operator's own ct marks never create counters here.
        new CtExpression(NftCtKey.Mark, NftRegister.Reg32_00),
        .. KeyIn(NftLayout.Targets, NftRegister.Reg32_00, features),
        new CtExpression(NftCtKey.Direction, NftRegister.Reg32_01),
        new DynsetExpression(NftDynsetOperation.Update, NftLayout.Stats, NftRegister.Reg32_00),
    ];
}
