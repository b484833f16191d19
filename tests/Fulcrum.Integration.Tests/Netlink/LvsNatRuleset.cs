using System.Net;
using Fulcrum.Linux.Nftables;
using Fulcrum.Linux.Nftables.Expressions;

namespace Fulcrum.Integration.Tests.Netlink;

/// <summary>
/// The LVS-NAT data plane the tests build through <see cref="NftBatch"/>, equivalent to:
/// <code>
/// table ip NAME {
///   map services { type ipv4_addr . inet_service : verdict; }
///   map direct { type ipv4_addr . inet_service : ipv4_addr . inet_service; }
///   map svc1_backends { typeof numgen inc mod 2 : ip daddr . tcp dport; }
///   chain svc1 { meta l4proto tcp dnat ip addr . port to numgen inc mod 2 map @svc1_backends }
///   chain prerouting {
///     type nat hook prerouting priority dstnat; policy accept;
///     meta l4proto tcp ip daddr . tcp dport vmap @services
///     meta l4proto tcp dnat ip addr . port to ip daddr . tcp dport map @direct
///   }
/// }
/// </code>
/// </summary>
internal static class LvsNatRuleset
{
    public const NftFamily Family = NftFamily.Ip;

    public static NftBatch Create(string table) => new NftBatch()
        .AddTable(Family, table)
        .AddSet(NftSet.AddressPortVerdictMap(Family, table, "services"))
        .AddSet(NftSet.AddressPortMap(Family, table, "direct"))
        .AddSet(NftSet.IndexToAddressPortMap(Family, table, "svc1_backends"))
        .AddChain(Family, table, "svc1")
        .AddChain(Family, table, "prerouting", new NftBaseChain(NftChainType.Nat, NftHook.Prerouting, NftChainPriority.DestinationNat))
        .AddRule(Family, table, "svc1",
            new MetaExpression(NftMetaKey.L4Proto, NftRegister.Reg32_00),
            new CmpExpression(NftRegister.Reg32_00, NftCmpOperator.Equal, NftData.FromByte(6)),
            new NumgenExpression(NftNumgenType.Incremental, 2, NftRegister.Reg32_00),
            new LookupExpression("svc1_backends", NftRegister.Reg32_00, NftRegister.Reg32_00),
            new NatExpression(NftNatType.Destination, NftFamily.Ip, NftRegister.Reg32_00, NftRegister.Reg32_01))
        .AddRule(Family, table, "prerouting",
            new MetaExpression(NftMetaKey.L4Proto, NftRegister.Reg32_00),
            new CmpExpression(NftRegister.Reg32_00, NftCmpOperator.Equal, NftData.FromByte(6)),
            PayloadExpression.IpDestinationAddress(NftRegister.Reg32_00),
            PayloadExpression.TransportDestinationPort(NftRegister.Reg32_01),
            new LookupExpression("services", NftRegister.Reg32_00, NftRegister.Verdict))
        .AddRule(Family, table, "prerouting",
            new MetaExpression(NftMetaKey.L4Proto, NftRegister.Reg32_00),
            new CmpExpression(NftRegister.Reg32_00, NftCmpOperator.Equal, NftData.FromByte(6)),
            PayloadExpression.IpDestinationAddress(NftRegister.Reg32_00),
            PayloadExpression.TransportDestinationPort(NftRegister.Reg32_01),
            new LookupExpression("direct", NftRegister.Reg32_00, NftRegister.Reg32_00),
            new NatExpression(NftNatType.Destination, NftFamily.Ip, NftRegister.Reg32_00, NftRegister.Reg32_01));

    public static NftSetElement Service(string vip, ushort port, string chain) =>
        new(NftData.AddressAndPort(IPAddress.Parse(vip), port), Verdict: NftVerdict.Jump(chain));

    public static NftSetElement Direct(string vip, ushort port, string backend, ushort backendPort) =>
        new(NftData.AddressAndPort(IPAddress.Parse(vip), port), NftData.AddressAndPort(IPAddress.Parse(backend), backendPort));

    public static NftSetElement Backend(uint index, string backend, ushort backendPort) =>
        new(NftData.FromUInt32HostOrder(index), NftData.AddressAndPort(IPAddress.Parse(backend), backendPort));
}
