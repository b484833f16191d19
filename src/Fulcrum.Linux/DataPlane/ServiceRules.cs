using System.Globalization;
using Fulcrum.Core.Config;
using Fulcrum.Linux.Nftables;
using Fulcrum.Linux.Nftables.Expressions;

namespace Fulcrum.Linux.DataPlane;

/// <summary>
/// The rules of a service. Every service has one rule in its bucket chain (<c>bucket_K</c>,
/// K = id &amp; 255), guarded by its own id, which prerouting put in ct mark; it holds what is the
/// service's own — its slot expression (a <c>numgen</c> counter of its own, so services never
/// alias through a shared counter) — and its comment (id and settings, for adoption). A
/// persistent service's rule jumps to a chain of its own, <c>svc_ID</c>, which remembers clients
/// and DNATs through the shared chains (<see cref="NftSkeleton"/>).
/// <code>
/// bucket_K, without persistence (no verdict: prerouting goes on to the shared pick and DNAT rules):
///   ct mark ID &lt;&lt; 17 ct mark set (numgen inc|random mod N, or jhash ip saddr mod N seed S) | ID &lt;&lt; 17   comment "the settings"
/// bucket_K, with persistence:
///   ct mark ID &lt;&lt; 17 jump svc_ID                                          comment "the settings"
/// svc_ID:
///   ct mark set 0xID . ip saddr &amp; MASK map @persist
///     update @persist { 0xID . ip saddr &amp; MASK timeout T : ct mark } jump dnat_port|dnat_addr
///   ct mark set (numgen ... ) | ID &lt;&lt; 17 jump pick
///   update @persist { 0xID . ip saddr &amp; MASK timeout T : ct mark }
///   goto dnat_port|dnat_addr
/// </code>
/// Why buckets: the kernel walks every chain of the namespace at each commit (~0.08 µs a chain),
/// so a chain per service made every change cost O(services); 256 chains cost the same for 10 or
/// 32,767 services, and a change replaces one rule in place (by handle). A new flow compares ct
/// mark with the rules of one bucket: services / 256 of them.
/// Why shared rules: the kernel checks every element added to a map against every rule that
/// looks the map up (set bindings), and walks a map's elements whenever a rule binds it. With a
/// lookup of <c>backends</c> in every service's rule, one element cost O(services) and a cold
/// apply of 10,000 services took 26 s; with one binding it is O(1). And why no verdict in the
/// rule of a service without persistence: a rule with a verdict (jump, goto, return) makes the
/// kernel re-validate every chain reachable from the base chains at commit, so rewriting it
/// (its slot count changed) would cost O(services).
/// The kernel refuses a rule that reads a register no earlier expression of the same rule wrote
/// (ENODATA), so the slot key travels to <c>pick</c> in the conntrack entry. A remembered mark
/// whose server was removed misses in <c>targets</c>: the jump returns and the client is
/// scheduled afresh. A mark loaded by a map lookup is stored (<c>ct mark set</c>) and reloaded
/// (<c>ct mark</c>) before a <c>dynset</c> reads it: nft 1.0.6 aborts listing a rule in which a
/// map's result feeds another lookup or a <c>dynset</c> directly.
/// </summary>
internal static class ServiceRules
{
    private const NftRegister ServiceId = NftRegister.Reg32_00;
    private const NftRegister Slot = NftRegister.Reg32_01;
    private const NftRegister Mark = NftRegister.Reg32_06;

    /// <summary>The service's rule in its bucket chain, with its comment; its text only when <paramref name="describe"/>.</summary>
    public static NftServiceRule BucketRule(NftServiceRecord record, int slotCount, bool describe = true)
    {
        var service = record.Service;
        var comment = new ServiceComment(service.Name, record.Id, service.Listen, service.Scheduler, service.Persistence, service.SorryActive).Format();
        var guardKey = NftLayout.SlotKeyValue(record.Id, 0);
        List<NftExpression> expressions =
        [
            new CtExpression(NftCtKey.Mark, Slot),
            new CmpExpression(Slot, NftCmpOperator.Equal, NftLayout.Mark(guardKey)),
        ];
        string text;
        if (service.Persistence is null)
        {
            var (pick, pickText) = Pick(record.Id, service.Scheduler, ServiceSlots.Modulus(slotCount), then: null, describe);
            expressions.AddRange(pick);
            text = pickText;
        }
        else
        {
            expressions.Add(new VerdictExpression(NftVerdict.Jump(record.Chain)));
            text = describe ? $"jump {record.Chain}" : string.Empty;
        }

        return new NftServiceRule(expressions, NftRuleComment.Encode(comment),
            describe ? $"ct mark {NftLayout.Hex(guardKey)} {text} comment \"{comment}\"" : string.Empty);
    }

    /// <summary>The rules of chain <c>svc_ID</c>: only persistent services have one (empty otherwise).</summary>
    public static IReadOnlyList<NftServiceRule> ChainRules(NftServiceRecord record, int slotCount)
    {
        var service = record.Service;
        if (service.Persistence is not { } persistence)
        {
            return [];
        }

        var dnat = service.Listen.Ports.IsSinglePort ? NftSkeleton.DnatPort : NftSkeleton.DnatAddress;
        var (pick, pickText) = Pick(record.Id, service.Scheduler, ServiceSlots.Modulus(slotCount), NftVerdict.Jump(NftSkeleton.Pick));
        return
        [
            Recall(record.Id, persistence, dnat),
            new NftServiceRule(pick, null, pickText),
            Remember(record.Id, persistence),
            new NftServiceRule([new VerdictExpression(NftVerdict.Goto(dnat))], null, $"goto {dnat}"),
        ];
    }

    private static NftServiceRule Recall(uint id, PersistenceConfig persistence, string dnat)
    {
        List<NftExpression> expressions = [new ImmediateExpression(ServiceId, NftLayout.Mark(id)), .. ClientPrefix(persistence)];
        expressions.Add(new LookupExpression(NftLayout.Persist, ServiceId, Mark));
        expressions.Add(new CtSetExpression(NftCtKey.Mark, Mark));
        expressions.Add(new CtExpression(NftCtKey.Mark, Mark));
        expressions.Add(Refresh(persistence));
        expressions.Add(new VerdictExpression(NftVerdict.Jump(dnat)));
        return new NftServiceRule(expressions, null,
            $"ct mark set {Key(id, persistence)} map @{NftLayout.Persist} {RefreshText(id, persistence)} jump {dnat}");
    }

    private static (List<NftExpression> Expressions, string Text) Pick(uint id, Scheduler scheduler, uint modulus, NftVerdict? then, bool describe = true)
    {
        List<NftExpression> expressions = [];
        string slot;
        switch (scheduler)
        {
            case Scheduler.SourceHash or Scheduler.Maglev:
                expressions.Add(PayloadExpression.IpSourceAddress(Slot));
                expressions.Add(new HashExpression(Slot, 4, modulus, NftLayout.HashSeed, Slot));
                slot = describe ? string.Create(CultureInfo.InvariantCulture, $"jhash ip saddr mod {modulus} seed {NftLayout.Hex(NftLayout.HashSeed)}") : string.Empty;
                break;
            case Scheduler.Random:
                expressions.Add(new NumgenExpression(NftNumgenType.Random, modulus, Slot));
                slot = describe ? string.Create(CultureInfo.InvariantCulture, $"numgen random mod {modulus}") : string.Empty;
                break;
            default:
                expressions.Add(new NumgenExpression(NftNumgenType.Incremental, modulus, Slot));
                slot = describe ? string.Create(CultureInfo.InvariantCulture, $"numgen inc mod {modulus}") : string.Empty;
                break;
        }

        // slot | id << 17 (the slot is below 2^17, so OR is XOR): one host-order u32, the key of @backends.
        expressions.Add(new BitwiseExpression(Slot, Slot, 4,
            NftData.FromUInt32HostOrder((1u << NftLayout.SlotBits) - 1), NftData.FromUInt32HostOrder(NftLayout.SlotKeyValue(id, 0))));
        expressions.Add(new CtSetExpression(NftCtKey.Mark, Slot));
        var text = describe ? $"ct mark set {slot} | {NftLayout.Hex(NftLayout.SlotKeyValue(id, 0))}" : string.Empty;
        if (then is not null)
        {
            expressions.Add(new VerdictExpression(then));
            text = describe ? $"{text} {then}" : text;
        }

        return (expressions, describe ? text : string.Empty);
    }

    private static NftServiceRule Remember(uint id, PersistenceConfig persistence)
    {
        List<NftExpression> expressions =
        [
            new CtExpression(NftCtKey.Mark, Mark),
            new ImmediateExpression(ServiceId, NftLayout.Mark(id)),
            .. ClientPrefix(persistence),
            Refresh(persistence),
        ];
        return new NftServiceRule(expressions, null, RefreshText(id, persistence));
    }

    /// <summary>Adds the client's entry, or refreshes its timeout (an existing entry keeps its mark).</summary>
    private static DynsetExpression Refresh(PersistenceConfig persistence) =>
        new(NftDynsetOperation.Update, NftLayout.Persist, ServiceId, Mark, persistence.Timeout);

    private static IEnumerable<NftExpression> ClientPrefix(PersistenceConfig persistence)
    {
        yield return PayloadExpression.IpSourceAddress(Slot);
        if (persistence.Granularity < 32)
        {
            yield return new BitwiseExpression(Slot, Slot, 4, NftLayout.Netmask(persistence.Granularity), NftData.FromUInt32BigEndian(0));
        }
    }

    private static string Key(uint id, PersistenceConfig persistence) =>
        persistence.Granularity < 32
            ? string.Create(CultureInfo.InvariantCulture, $"{NftLayout.Hex(id)} . ip saddr & {new System.Net.IPAddress(NftLayout.Netmask(persistence.Granularity).Span)}")
            : $"{NftLayout.Hex(id)} . ip saddr";

    private static string RefreshText(uint id, PersistenceConfig persistence) =>
        string.Create(CultureInfo.InvariantCulture, $"update @{NftLayout.Persist} {{ {Key(id, persistence)} timeout {(long)persistence.Timeout.TotalMilliseconds}ms : ct mark }}");
}
