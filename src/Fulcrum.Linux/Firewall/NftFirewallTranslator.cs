using System.Net;
using System.Text;
using Fulcrum.Core.Firewall;
using Fulcrum.Core.Firewall.Terms;
using Fulcrum.Core.Net;
using Fulcrum.Linux.Nftables;
using Fulcrum.Linux.Nftables.Commands;
using Fulcrum.Linux.Nftables.Expressions;

namespace Fulcrum.Linux.Firewall;

/// <summary>
/// Writes a <see cref="FirewallRuleset"/> into an <see cref="NftBatch"/> as nf_tables commands:
/// the table, its sets with their elements, base chains and rules, each rule's terms turned into
/// expressions (as nft would compile them) with the rule's comment as user data.
/// </summary>
public static class NftFirewallTranslator
{
    private const int InterfaceNameSize = 16;

    /// <summary>Appends <c>add table</c> and everything in it to <paramref name="batch"/>.</summary>
    public static void AddTable(NftBatch batch, FirewallRuleset ruleset, uint tableFlags = 0)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(ruleset);
        const NftFamily inet = NftFamily.Inet;
        string table = ruleset.Table;
        batch.Add(new NftAddTable(inet, table) { Flags = tableFlags });
        foreach (FirewallSet set in ruleset.Sets)
        {
            batch.AddSet(Declare(table, set));
            var elements = Elements(set);
            if (elements.Count > 0)
            {
                batch.AddElements(inet, table, set.Name, elements);
            }
        }

        foreach (FirewallChain chain in ruleset.Chains)
        {
            batch.AddChain(inet, table, chain.Name, new NftBaseChain(
                chain.Nat ? NftChainType.Nat : NftChainType.Filter,
                chain.Hook switch
                {
                    FirewallHook.Prerouting => NftHook.Prerouting,
                    FirewallHook.Input => NftHook.Input,
                    FirewallHook.Forward => NftHook.Forward,
                    FirewallHook.Output => NftHook.Output,
                    _ => NftHook.Postrouting,
                },
                chain.Priority,
                chain.DropByDefault ? NftVerdictCode.Drop : NftVerdictCode.Accept));
        }

        foreach (FirewallChain chain in ruleset.Chains)
        {
            foreach (FirewallRule rule in chain.Rules)
            {
                batch.Add(new NftAddRule(inet, table, chain.Name, Expressions(rule, set => batch.SetIdOf(inet, table, set)))
                {
                    UserData = NftRuleComment.Encode(rule.Comment),
                });
            }
        }
    }

    /// <summary>The expressions of one rule.</summary>
    public static IReadOnlyList<NftExpression> Expressions(FirewallRule rule, Func<string, uint?> setId)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(setId);
        var expressions = new List<NftExpression>();
        foreach (FirewallTerm term in rule.Terms)
        {
            expressions.AddRange(Translate(term, setId));
        }

        if (rule.Verdict != FirewallVerdict.Continue)
        {
            expressions.Add(new VerdictExpression(rule.Verdict == FirewallVerdict.Accept ? NftVerdict.Accept : NftVerdict.Drop));
        }

        return expressions;
    }

    private static IEnumerable<NftExpression> Translate(FirewallTerm term, Func<string, uint?> setId)
    {
        const NftRegister r1 = NftRegister.Reg1;
        switch (term)
        {
            case InterfaceTerm t:
                yield return new MetaExpression(t.Output ? NftMetaKey.OutputInterfaceName : NftMetaKey.InputInterfaceName, r1);
                yield return new CmpExpression(r1, NftCmpOperator.Equal, InterfaceName(t.Name));
                break;
            case FamilyTerm t:
                yield return new MetaExpression(NftMetaKey.NfProto, r1);
                yield return new CmpExpression(r1, NftCmpOperator.Equal, NftData.FromByte((byte)(t.Ipv6 ? NftFamily.Ip6 : NftFamily.Ip)));
                break;
            case ProtocolTerm t:
                yield return new MetaExpression(NftMetaKey.L4Proto, r1);
                yield return new CmpExpression(r1, NftCmpOperator.Equal, NftData.FromByte(t.Number));
                break;
            case AddressSetTerm t:
                yield return t.Source ? PayloadExpression.IpSourceAddress(r1) : PayloadExpression.IpDestinationAddress(r1);
                yield return new LookupExpression(t.Set, r1, SetId: setId(t.Set), Invert: t.Negated);
                break;
            case PrefixTerm t:
                yield return t.Source ? PayloadExpression.IpSourceAddress(r1) : PayloadExpression.IpDestinationAddress(r1);
                if (t.Prefix.PrefixLength < 32)
                {
                    uint mask = t.Prefix.PrefixLength == 0 ? 0 : uint.MaxValue << (32 - t.Prefix.PrefixLength);
                    yield return new BitwiseExpression(r1, r1, 4, NftData.FromUInt32BigEndian(mask), NftData.FromUInt32BigEndian(0));
                }

                yield return new CmpExpression(r1, NftCmpOperator.Equal, NftData.FromAddress(t.Prefix.BaseAddress));
                break;
            case PortTerm t:
                yield return PayloadExpression.TransportDestinationPort(r1);
                yield return t.Ports.IsSinglePort
                    ? new CmpExpression(r1, NftCmpOperator.Equal, NftData.FromUInt16BigEndian(t.Ports.First))
                    : new RangeExpression(r1, NftRangeOperator.Equal, NftData.FromUInt16BigEndian(t.Ports.First), NftData.FromUInt16BigEndian(t.Ports.Last));
                break;
            case IcmpTypeTerm t:
                yield return new PayloadExpression(NftPayloadBase.Transport, 0, 1, r1);
                yield return new CmpExpression(r1, NftCmpOperator.Equal, NftData.FromByte(t.Type));
                break;
            case CtStateTerm t:
                yield return new CtExpression(NftCtKey.State, r1);
                yield return new BitwiseExpression(r1, r1, 4, NftData.FromUInt32HostOrder((uint)t.States), NftData.FromUInt32HostOrder(0));
                yield return new CmpExpression(r1, NftCmpOperator.NotEqual, NftData.FromUInt32HostOrder(0));
                break;
            case CtDnatTerm:
                yield return new CtExpression(NftCtKey.Status, r1);
                yield return new BitwiseExpression(r1, r1, 4, NftData.FromUInt32HostOrder(CtDnatTerm.DestinationNatBit), NftData.FromUInt32HostOrder(0));
                yield return new CmpExpression(r1, NftCmpOperator.NotEqual, NftData.FromUInt32HostOrder(0));
                break;
            case CtAssuredTerm:
                yield return new CtExpression(NftCtKey.Status, r1);
                yield return new BitwiseExpression(r1, r1, 4, NftData.FromUInt32HostOrder(CtAssuredTerm.AssuredBit), NftData.FromUInt32HostOrder(0));
                yield return new CmpExpression(r1, NftCmpOperator.NotEqual, NftData.FromUInt32HostOrder(0));
                break;
            case CtDirectionTerm t:
                yield return new CtExpression(NftCtKey.Direction, r1);
                yield return new CmpExpression(r1, NftCmpOperator.Equal, NftData.FromByte(t.Original ? CtDirectionTerm.OriginalDirection : CtDirectionTerm.ReplyDirection));
                break;
            case CtLabelTerm t:
                yield return new CtExpression(NftCtKey.Labels, r1);
                yield return new BitwiseExpression(r1, r1, CtLabelTerm.Bits / 8, new NftData(t.Mask()), new NftData(new byte[CtLabelTerm.Bits / 8]));
                yield return new CmpExpression(r1, t.Negated ? NftCmpOperator.Equal : NftCmpOperator.NotEqual, new NftData(new byte[CtLabelTerm.Bits / 8]));
                break;
            case CtLabelSetTerm t:
                yield return new ImmediateExpression(r1, new NftData(new CtLabelTerm(t.Bit).Mask()));
                yield return new CtSetExpression(NftCtKey.Labels, r1);
                break;
            case TcpAckOnlyTerm:
                // tcp flags at offset 13 of the TCP header, all eight bits compared.
                yield return new PayloadExpression(NftPayloadBase.Transport, 13, 1, r1);
                yield return new CmpExpression(r1, NftCmpOperator.Equal, NftData.FromByte(TcpAckOnlyTerm.Ack));
                break;
            case StripTcpTimestampTerm:
                yield return new TcpOptionResetExpression(StripTcpTimestampTerm.TimestampKind);
                break;
            case ServiceSetTerm t:
                yield return PayloadExpression.IpDestinationAddress(NftRegister.Reg32_00);
                yield return new MetaExpression(NftMetaKey.L4Proto, NftRegister.Reg32_01);
                yield return PayloadExpression.TransportDestinationPort(NftRegister.Reg32_02);
                yield return new LookupExpression(t.Set, NftRegister.Reg32_00, SetId: setId(t.Set));
                break;
            case ReversePathTerm:
                yield return FibExpression.ReversePath(r1);
                yield return new CmpExpression(r1, NftCmpOperator.Equal, NftData.FromUInt32HostOrder(0));
                break;
            case LimitTerm t:
                yield return Limit(t);
                break;
            case MeterTerm t:
                yield return PayloadExpression.IpSourceAddress(r1);
                yield return new DynsetExpression(NftDynsetOperation.Update, t.Set, r1, SetId: setId(t.Set)) { ElementExpression = Limit(t.Limit) };
                break;
            case AddSourceTerm t:
                yield return PayloadExpression.IpSourceAddress(r1);
                yield return new DynsetExpression(NftDynsetOperation.Add, t.Set, r1, SetId: setId(t.Set));
                break;
            case CounterTerm:
                yield return new CounterExpression();
                break;
            case LogTerm t:
                yield return new LogExpression(t.Prefix) { Group = t.Group };
                break;
            case TcpSynTerm:
                // tcp flags at offset 13 of the TCP header.
                yield return new PayloadExpression(NftPayloadBase.Transport, 13, 1, r1);
                yield return new BitwiseExpression(r1, r1, 1, NftData.FromByte(TcpSynTerm.Mask), NftData.FromByte(0));
                yield return new CmpExpression(r1, NftCmpOperator.Equal, NftData.FromByte(TcpSynTerm.Syn));
                break;
            case NotrackTerm:
                yield return NotrackExpression.Instance;
                break;
            case SynProxyTerm t:
                yield return new SynproxyExpression(t.Mss, t.Wscale, Timestamp: true, SackPermitted: true);
                break;
            case ClientCountTerm t:
                yield return PayloadExpression.IpSourceAddress(r1);
                yield return new DynsetExpression(NftDynsetOperation.Add, t.Set, r1, SetId: setId(t.Set)) { ElementExpression = new ConnlimitExpression((uint)t.Limit, Over: true) };
                break;
            case RejectTerm t:
                yield return new RejectExpression(t.TcpReset);
                break;
            case SnatTerm t:
                yield return new ImmediateExpression(r1, NftData.FromAddress(t.Address));
                yield return new NatExpression(NftNatType.Source, NftFamily.Ip, r1);
                break;
            default:
                throw new ArgumentException($"no nf_tables translation for {term.GetType().Name}", nameof(term));
        }
    }

    private static LimitExpression Limit(LimitTerm limit) =>
        new(limit.Rate, (ulong)limit.Per.TotalSeconds, limit.Burst, limit.Over);

    private static NftData InterfaceName(string name)
    {
        var bytes = new byte[InterfaceNameSize];
        Encoding.ASCII.GetBytes(name, bytes);
        return new NftData(bytes);
    }

    private static NftSet Declare(string table, FirewallSet set) => set.Kind switch
    {
        FirewallSetKind.Prefixes => new NftSet(NftFamily.Inet, table, set.Name, NftDataType.Ipv4Address, 4, NftSetFlags.Interval),
        FirewallSetKind.DynamicAddresses => new NftSet(NftFamily.Inet, table, set.Name, NftDataType.Ipv4Address, 4, NftSetFlags.Timeout | NftSetFlags.Eval)
        {
            Timeout = set.Timeout,
            Size = 65_535,
        },
        FirewallSetKind.ClientCounts => new NftSet(NftFamily.Inet, table, set.Name, NftDataType.Ipv4Address, 4, NftSetFlags.Eval)
        {
            Size = FirewallSet.ClientCountsSize,
        },
        _ => new NftSet(
            NftFamily.Inet, table, set.Name,
            NftDataType.Concat(NftDataType.Ipv4Address, NftDataType.InetProtocol, NftDataType.InetService), 12,
            NftSetFlags.Interval | NftSetFlags.Concat)
        {
            ConcatFieldLengths = [4, 1, 2],
        },
    };

    private static List<NftSetElement> Elements(FirewallSet set)
    {
        var elements = new List<NftSetElement>();
        if (set.Kind == FirewallSetKind.Prefixes)
        {
            foreach ((uint first, uint last) in PrefixIntervals.Merge(set.Prefixes))
            {
                elements.Add(new NftSetElement(NftData.FromAddress(PrefixIntervals.Address(first))));
                if (last != uint.MaxValue)
                {
                    elements.Add(new NftSetElement(NftData.FromAddress(PrefixIntervals.Address(last + 1))) { IsIntervalEnd = true });
                }
            }
        }
        else if (set.Kind == FirewallSetKind.Services)
        {
            foreach (ListenEndpoint service in set.Services)
            {
                byte protocol = service.Protocol == L4Protocol.Tcp ? ProtocolTerm.Tcp : ProtocolTerm.Udp;
                elements.Add(new NftSetElement(Key(service.Address, protocol, service.Ports.First)) { KeyEnd = Key(service.Address, protocol, service.Ports.Last) });
            }
        }

        return elements;
    }

    private static NftData Key(IPAddress address, byte protocol, ushort port) =>
        NftData.Concat(NftData.FromAddress(address), NftData.FromByte(protocol), NftData.FromUInt16BigEndian(port));
}
