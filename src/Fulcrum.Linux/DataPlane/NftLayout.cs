using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Fulcrum.Core.DataPlane;
using Fulcrum.Core.Net;
using Fulcrum.Linux.Nftables;

namespace Fulcrum.Linux.DataPlane;

/// <summary>
/// Names, declarations and value encodings of the nftables engine's objects, all in table
/// <c>ip fulcrum</c>. Few large shared maps and a fixed number of chains: creating a named set
/// costs time linear in the sets already in the table (so one map per service is quadratic), and
/// every commit walks every chain of the namespace (so one chain per service made each change
/// O(services)).
/// <code>
/// map services        ip daddr . meta l4proto . th dport : ID &lt;&lt; 17          (single-port services)
/// map service_ranges  same key, intervals (port ranges, all ports)
/// map buckets         ct mark &amp; 0x01fe0000 : jump bucket_K                 (256 elements, fixed)
/// map backends        service id &lt;&lt; 17 | slot : mark                         (slot tables)
/// map targets         mark : addr . port                                    (where DNAT sends a mark)
/// map servers         mark : addr . port . service id . weight/flags        (every configured server; read at start-up)
/// map persist         service id . client prefix : mark                     (dynamic, timeouts)
/// set stats           ct mark . ct direction, with a counter per element    (dynamic)
/// chain prerouting    nat hook: looks VIP . proto . port up, ct mark = ID &lt;&lt; 17, jumps to its bucket
/// chain output        nat hook output: the same rules after "fib saddr type local accept" (SYN proxy)
/// chain counters      filter hook forward, counts packets of Fulcrum's flows into @stats
/// chain bucket_K      K = ID &amp; 255: one rule per service, "ct mark == ID &lt;&lt; 17: pick a slot";
///                     its comment holds the service's id and settings (adoption)
/// chain svc_ID        persistent services only: remember, pick, DNAT
/// </code>
/// Service ids and marks are host-order u32s (nft type <c>mark</c>); addresses and ports are in
/// network order, as the packet's payload loads them.
/// </summary>
internal static class NftLayout
{
    public const NftFamily Family = NftFamily.Ip;
    public const string Table = "fulcrum";
    public const string Prerouting = "prerouting";
    public const string Output = "output";
    public const string Counting = "counters";
    public const string Services = "services";
    public const string ServiceRanges = "service_ranges";
    public const string Backends = "backends";
    public const string Targets = "targets";
    public const string Servers = "servers";
    public const string Persist = "persist";
    public const string Buckets = "buckets";

    /// <summary>
    /// Chains the service rules are spread over (by the low 8 bits of the service id). Every
    /// commit walks every chain of the namespace, so the count is fixed; a new flow scans the
    /// rules of one bucket (services / 256 of them, each a ct mark compare).
    /// </summary>
    public const int BucketCount = 256;

    /// <summary>The bits of a slot key (ct mark) that name the bucket: the service id's low 8 bits.</summary>
    public const uint BucketMask = (uint)(BucketCount - 1) << SlotBits;
    public const string Stats = "stats";

    /// <summary>Most client groups remembered for persistence at once (the kernel preallocates buckets for it).</summary>
    public const uint PersistCapacity = 262_144;

    /// <summary>Two counters (original, reply) per server; room for 131,072 servers.</summary>
    public const uint StatsCapacity = 262_144;

    /// <summary>The jhash seed of sh and maglev: fixed, so both balancers (and restarts) hash a client alike.</summary>
    public const uint HashSeed = 0x46554c43; // "FULC"

    private const string ServiceChainPrefix = "svc_";
    private const string BucketChainPrefix = "bucket_";

    // nftables include/datatype.h: TYPE_CT_DIR.
    private const uint CtDirectionType = 27;

    public static NftBaseChain PreroutingHook { get; } = new(NftChainType.Nat, NftHook.Prerouting, NftChainPriority.DestinationNat);

    /// <summary>
    /// The same dispatch for the connections the node itself opens towards a VIP from a foreign source:
    /// the SYN proxy's SYN to the server (nf_synproxy sends it through the output hook).
    /// </summary>
    public static NftBaseChain OutputHook { get; } = new(NftChainType.Nat, NftHook.Output, NftChainPriority.DestinationNat);

    public static NftBaseChain CountingHook { get; } = new(NftChainType.Filter, NftHook.Forward, NftChainPriority.Filter);

    /// <summary>Every shared set, in creation order.</summary>
    public static IReadOnlyList<NftSet> Sets { get; } =
    [
        new(Family, Table, Services, DispatchKeyType, 12, NftSetFlags.Map, NftDataType.Mark, 4)
        {
            DataByteOrder = NftByteOrder.Host,
        },
        new(Family, Table, ServiceRanges, DispatchKeyType, 12, NftSetFlags.Map | NftSetFlags.Interval | NftSetFlags.Concat, NftDataType.Mark, 4)
        {
            ConcatFieldLengths = [4, 1, 2],
            DataByteOrder = NftByteOrder.Host,
        },
        new(Family, Table, Buckets, NftDataType.Mark, 4, NftSetFlags.Map, NftDataType.Verdict, 0)
        {
            KeyByteOrder = NftByteOrder.Host,
        },
        new(Family, Table, Backends, NftDataType.Mark, 4, NftSetFlags.Map, NftDataType.Mark, 4)
        {
            KeyByteOrder = NftByteOrder.Host,
            DataByteOrder = NftByteOrder.Host,
        },
        new(Family, Table, Targets, NftDataType.Mark, 4, NftSetFlags.Map, NftDataType.Concat(NftDataType.Ipv4Address, NftDataType.InetService), 8)
        {
            KeyByteOrder = NftByteOrder.Host,
        },
        new(Family, Table, Servers, NftDataType.Mark, 4, NftSetFlags.Map,
            NftDataType.Concat(NftDataType.Ipv4Address, NftDataType.InetService, NftDataType.Mark, NftDataType.Mark), 16)
        {
            KeyByteOrder = NftByteOrder.Host,
        },
        new(Family, Table, Persist, NftDataType.Concat(NftDataType.Mark, NftDataType.Ipv4Address), 8,
            NftSetFlags.Map | NftSetFlags.Timeout | NftSetFlags.Eval, NftDataType.Mark, 4)
        {
            Size = PersistCapacity,
            DataByteOrder = NftByteOrder.Host,
        },
        new(Family, Table, Stats, NftDataType.Concat(NftDataType.Mark, CtDirectionType), 8, NftSetFlags.Eval)
        {
            Size = StatsCapacity,
            CountElements = true,
        },
    ];

    private static uint DispatchKeyType => NftDataType.Concat(NftDataType.Ipv4Address, NftDataType.InetProtocol, NftDataType.InetService);

    public static string ServiceChain(uint id) => ServiceChainPrefix + id.ToString(CultureInfo.InvariantCulture);

    /// <summary>The chain that holds the rule of service <paramref name="id"/>.</summary>
    public static string BucketChain(uint id) => BucketChainName((int)(id & (BucketCount - 1)));

    public static string BucketChainName(int bucket) => BucketChainPrefix + bucket.ToString(CultureInfo.InvariantCulture);

    /// <summary>Every bucket chain, in order.</summary>
    public static IEnumerable<string> BucketChains => Enumerable.Range(0, BucketCount).Select(BucketChainName);

    public static bool IsBucketChain(string chain) => chain.StartsWith(BucketChainPrefix, StringComparison.Ordinal);

    /// <summary>The key of map <c>buckets</c> that leads to bucket <paramref name="bucket"/>: ct mark &amp; <see cref="BucketMask"/>.</summary>
    public static NftData BucketKey(int bucket) => NftData.FromUInt32HostOrder((uint)bucket << SlotBits);

    /// <summary>IP protocol numbers (RFC 790 / IANA): what <c>meta l4proto</c> loads.</summary>
    public static byte ProtocolNumber(L4Protocol protocol) => protocol == L4Protocol.Tcp ? (byte)6 : (byte)17;

    public static string ProtocolName(L4Protocol protocol) => protocol == L4Protocol.Tcp ? "tcp" : "udp";

    /// <summary><c>ip daddr . meta l4proto . th dport</c>, each field in its own 4-byte register.</summary>
    public static NftData DispatchKey(IPAddress vip, L4Protocol protocol, ushort port) =>
        NftData.Concat(Address(vip), NftData.FromByte(ProtocolNumber(protocol)), NftData.FromUInt16BigEndian(port));

    /// <summary>
    /// Bits of a slot key that hold the slot: 65,537 Maglev slots need 17, which leaves 15 for the
    /// service id. The key must fit one 32-bit ct mark, because the service chain hands it to the
    /// shared <c>pick</c> chain through the conntrack entry (registers do not cross rules).
    /// </summary>
    public const int SlotBits = 17;

    /// <summary>The highest service id: at most 32,767 services at once (ids are reused).</summary>
    public const uint MaxServiceId = (1u << (32 - SlotBits)) - 1;

    /// <summary><c>service id &lt;&lt; 17 | slot</c>, host order: the key of map <c>backends</c>.</summary>
    public static NftData SlotKey(uint service, uint slot) => NftData.FromUInt32HostOrder(SlotKeyValue(service, slot));

    public static uint SlotKeyValue(uint service, uint slot) => (service << SlotBits) | slot;

    public static NftData Mark(uint mark) => NftData.FromUInt32HostOrder(mark);

    /// <summary><c>service id . client prefix</c>, the persistence key.</summary>
    public static NftData PersistKey(uint service, IPAddress prefix) => NftData.Concat(NftData.FromUInt32HostOrder(service), Address(prefix));

    /// <summary>The service id of a persistence key.</summary>
    public static uint PersistKeyService(NftData key) => BinaryPrimitives.ReadUInt32LittleEndian(key.Span);

    /// <summary>The value of a mark (element data of <c>backends</c> and <c>persist</c>).</summary>
    public static uint ReadMark(NftData mark) => BinaryPrimitives.ReadUInt32LittleEndian(mark.Span);

    /// <summary><c>ct mark . ct direction</c> keys of a server's two counters (original, reply).</summary>
    public static IEnumerable<NftData> StatsKeys(uint mark) =>
        [NftData.Concat(Mark(mark), NftData.FromByte(0)), NftData.Concat(Mark(mark), NftData.FromByte(1))];

    /// <summary>An IPv4 address in network order; the engine is IPv4-only (table family ip).</summary>
    public static NftData Address(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetwork
            ? NftData.FromAddress(address)
            : throw new DataPlaneException($"{address}: the nftables engine balances IPv4 only (table ip {Table}).");

    /// <summary>The netmask of a prefix length, network order.</summary>
    public static NftData Netmask(int prefixLength) =>
        NftData.FromUInt32BigEndian(prefixLength <= 0 ? 0 : uint.MaxValue << (32 - Math.Min(prefixLength, 32)));

    public static string Hex(uint value) => "0x" + value.ToString("x8", CultureInfo.InvariantCulture);
}
