using System.Globalization;
using Fulcrum.Core.Config;
using Fulcrum.Linux.Nftables;
using Fulcrum.Linux.Nftables.Expressions;

namespace Fulcrum.Linux.DataPlane;

/// <summary>
/// The rules of chain <c>svc_ID</c>, built from raw expressions: nft's language cannot chain map
/// lookups like this, though it lists the result. Registers: <c>r0</c> service id, <c>r1</c> slot
/// or client prefix, <c>r2 r3</c> address and port, <c>r6</c> the chosen mark.
/// <code>
/// [persistence] ct mark set 0xID . ip saddr &amp; MASK map @persist
///               update @persist { 0xID . ip saddr &amp; MASK timeout T : ct mark }    (refresh)
///               dnat ip to ct mark map @targets
/// pick          ct mark set 0xID . numgen inc|random mod N map @backends            (or jhash ip saddr mod N)
///               [update @persist { 0xID . ip saddr &amp; MASK timeout T : ct mark }]
///               dnat ip to ct mark map @targets                                     (comment: the settings)
/// [persistence] the pick again without the update: taken only when @persist is full
/// </code>
/// The mark a map lookup chose is stored (<c>ct mark set</c>) and loaded back (<c>ct mark</c>)
/// before it keys the next lookup: nft 1.0.6 aborts listing a rule in which a map's result
/// directly keys another lookup or a <c>dynset</c>, and operators list their rulesets. A
/// remembered mark whose server was removed misses in <c>targets</c>: the client is scheduled
/// afresh (the pick rule overwrites the mark).
/// Each rule starts with <c>meta l4proto</c>: nf_nat needs the protocol known to rewrite a port in
/// a chain reached by goto. An empty slot table (no usable server, no sorry server) makes the
/// lookup miss: no DNAT, the packet is for the VIP itself, and the kernel answers a TCP RST
/// (or ICMP port unreachable for UDP). Only a flow's first packet passes here (nat chain);
/// conntrack pins the rest of the flow to its server, which is why changing slots never moves
/// established flows.
/// </summary>
internal static class ServiceRules
{
    private const NftRegister ServiceId = NftRegister.Reg32_00;
    private const NftRegister Slot = NftRegister.Reg32_01;
    private const NftRegister Address = NftRegister.Reg32_02;
    private const NftRegister Port = NftRegister.Reg32_03;
    private const NftRegister Mark = NftRegister.Reg32_06;

    public static IReadOnlyList<NftServiceRule> Build(NftServiceRecord record, int slotCount)
    {
        var service = record.Service;
        var modulus = ServiceSlots.Modulus(slotCount);
        var comment = new ServiceComment(service.Name, service.Listen, service.Scheduler, service.Persistence, service.SorryActive).Format();
        var keepsClientPort = !service.Listen.Ports.IsSinglePort;
        if (service.Persistence is not { } persistence)
        {
            return [Pick(record.Id, service.Listen.Protocol, service.Scheduler, modulus, keepsClientPort, remember: null, comment)];
        }

        return
        [
            Recall(record.Id, service.Listen.Protocol, persistence, keepsClientPort),
            Pick(record.Id, service.Listen.Protocol, service.Scheduler, modulus, keepsClientPort, persistence, comment),
            Pick(record.Id, service.Listen.Protocol, service.Scheduler, modulus, keepsClientPort, remember: null, comment: null),
        ];
    }

    private static NftServiceRule Recall(uint id, Core.Net.L4Protocol protocol, PersistenceConfig persistence, bool keepsClientPort)
    {
        List<NftExpression> expressions = [.. Protocol(protocol), new ImmediateExpression(ServiceId, NftLayout.Mark(id))];
        expressions.AddRange(ClientPrefix(persistence));
        expressions.Add(new LookupExpression(NftLayout.Persist, ServiceId, Mark));
        expressions.AddRange(StoreAndTarget());
        expressions.Add(new DynsetExpression(NftDynsetOperation.Update, NftLayout.Persist, ServiceId, Mark, persistence.Timeout));
        expressions.Add(Nat(keepsClientPort));
        var text = $"meta l4proto {NftLayout.ProtocolName(protocol)} ct mark set {NftLayout.Hex(id)} . {PrefixText(persistence)} map @persist" +
                   $" update @persist {{ {NftLayout.Hex(id)} . {PrefixText(persistence)} timeout {TimeoutText(persistence)} : ct mark }} {NatText(keepsClientPort)}";
        return new NftServiceRule(expressions, null, text);
    }

    private static NftServiceRule Pick(
        uint id, Core.Net.L4Protocol protocol, Scheduler scheduler, uint modulus, bool keepsClientPort, PersistenceConfig? remember, string? comment)
    {
        List<NftExpression> expressions = [.. Protocol(protocol), new ImmediateExpression(ServiceId, NftLayout.Mark(id))];
        string slotText;
        switch (scheduler)
        {
            case Scheduler.SourceHash or Scheduler.Maglev:
                expressions.Add(PayloadExpression.IpSourceAddress(Slot));
                expressions.Add(new HashExpression(Slot, 4, modulus, NftLayout.HashSeed, Slot));
                slotText = string.Create(CultureInfo.InvariantCulture, $"jhash ip saddr mod {modulus} seed {NftLayout.Hex(NftLayout.HashSeed)}");
                break;
            case Scheduler.Random:
                expressions.Add(new NumgenExpression(NftNumgenType.Random, modulus, Slot));
                slotText = string.Create(CultureInfo.InvariantCulture, $"numgen random mod {modulus}");
                break;
            default:
                expressions.Add(new NumgenExpression(NftNumgenType.Incremental, modulus, Slot));
                slotText = string.Create(CultureInfo.InvariantCulture, $"numgen inc mod {modulus}");
                break;
        }

        expressions.Add(new LookupExpression(NftLayout.Backends, ServiceId, Mark));
        expressions.AddRange(StoreAndTarget());
        var rememberText = string.Empty;
        if (remember is { } persistence)
        {
            // r1 held the slot; it is free again once the lookup has loaded the target.
            expressions.AddRange(ClientPrefix(persistence));
            expressions.Add(new DynsetExpression(NftDynsetOperation.Update, NftLayout.Persist, ServiceId, Mark, persistence.Timeout));
            rememberText = $" update @persist {{ {NftLayout.Hex(id)} . {PrefixText(persistence)} timeout {TimeoutText(persistence)} : ct mark }}";
        }

        expressions.Add(Nat(keepsClientPort));
        var text = $"meta l4proto {NftLayout.ProtocolName(protocol)} ct mark set {NftLayout.Hex(id)} . {slotText} map @backends{rememberText} {NatText(keepsClientPort)}";
        if (comment is not null)
        {
            text += $" comment \"{comment}\"";
        }

        return new NftServiceRule(expressions, comment is null ? null : NftRuleComment.Encode(comment), text);
    }

    private static NftExpression[] Protocol(Core.Net.L4Protocol protocol) =>
    [
        new MetaExpression(NftMetaKey.L4Proto, Address),
        new CmpExpression(Address, NftCmpOperator.Equal, NftData.FromByte(NftLayout.ProtocolNumber(protocol))),
    ];

    private static IEnumerable<NftExpression> ClientPrefix(PersistenceConfig persistence)
    {
        yield return PayloadExpression.IpSourceAddress(Slot);
        if (persistence.Granularity < 32)
        {
            yield return new BitwiseExpression(Slot, Slot, 4, NftLayout.Netmask(persistence.Granularity), NftData.FromUInt32BigEndian(0));
        }
    }

    /// <summary><c>ct mark set r6; r6 = ct mark; r2 r3 = @targets[r6]</c>: a miss (removed server) stops the rule.</summary>
    private static NftExpression[] StoreAndTarget() =>
    [
        new CtSetExpression(NftCtKey.Mark, Mark),
        new CtExpression(NftCtKey.Mark, Mark),
        new LookupExpression(NftLayout.Targets, Mark, Address),
    ];

    /// <summary>DNAT to the target; a port-range service keeps the client's port (address only).</summary>
    private static NatExpression Nat(bool keepsClientPort) => keepsClientPort
        ? new NatExpression(NftNatType.Destination, NftFamily.Ip, Address)
        : new NatExpression(NftNatType.Destination, NftFamily.Ip, Address, Port);

    private static string NatText(bool keepsClientPort) =>
        keepsClientPort ? "dnat ip to ct mark map @targets (address only)" : "dnat ip addr . port to ct mark map @targets";

    private static string PrefixText(PersistenceConfig persistence) =>
        persistence.Granularity < 32
            ? string.Create(CultureInfo.InvariantCulture, $"ip saddr & {new System.Net.IPAddress(NftLayout.Netmask(persistence.Granularity).Span)}")
            : "ip saddr";

    private static string TimeoutText(PersistenceConfig persistence) =>
        string.Create(CultureInfo.InvariantCulture, $"{(long)persistence.Timeout.TotalMilliseconds}ms");
}
