using System.Net;
using System.Text.RegularExpressions;
using CsCheck;
using Fulcrum.Core.Collections;
using Fulcrum.Core.Config;
using Fulcrum.Core.Net;

namespace Fulcrum.Core.Tests.Config;

/// <summary>
/// Generators of arbitrary configs that satisfy every validation rule (and trigger no warning),
/// for the write/read round-trip property.
/// </summary>
internal static class ValidConfigGen
{
    // Offsets 1..14 are host addresses in any prefix of length 28 or shorter.
    private const int HostOffsets = 14;

    // Pieces that need quoting or escaping in YAML, plus non-ASCII and a non-BMP character.
    private static readonly Gen<string> TrickyText =
        Gen.OneOfConst("a", "Z", "0", "9", " ", "_", "-", ".", "/", ":", ": ", "#", " #", "&", "*", "!", "|", ">", "'", "\"",
                "%", "@", "`", ",", "[", "]", "{", "}", "?", "\\", "\t", "é", "€", "\u2028", "\u0085", "😀", "true", "null", "~")
            .Array[1, 8].Select(pieces => string.Concat(pieces));

    private static readonly Gen<string> Word = Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789"].Array[1, 8].Select(c => new string(c));

    private static readonly Gen<ushort> Port = Gen.Int[1, ushort.MaxValue].Select(p => (ushort)p);

    private static readonly Gen<ushort?> OptionalPort = Port.Nullable(0.4);

    private static readonly Gen<L4Protocol> Protocol = Gen.OneOfConst(L4Protocol.Tcp, L4Protocol.Udp);

    private static readonly Gen<TimeSpan> Milliseconds0To1h = Gen.Int[0, 3_600_000].Select(ms => TimeSpan.FromMilliseconds(ms));

    public static Gen<ClusterConfig> Config =>
        from publicPrefix in Prefix(firstOctetMin: 1, firstOctetMax: 99)
        from privatePrefix in Prefix(firstOctetMin: 100, firstOctetMax: 199)
        from publicOffsets in Offsets
        from privateOffsets in Offsets
        from publicVipCount in Gen.Int[1, 3]
        from privateVipCount in Gen.Int[1, 2]
        from names in NetworkNames
        from interfaces in InterfaceNames
        let publicNetwork = new NetworkConfig(names.Public, NetworkRole.Public, interfaces.Public, publicPrefix, [.. publicOffsets.Skip(2).Take(publicVipCount).Select(o => Host(publicPrefix, o))])
        let privateNetwork = new NetworkConfig(names.Private, NetworkRole.Private, interfaces.Private, privatePrefix, [.. privateOffsets.Skip(2).Take(privateVipCount).Select(o => Host(privatePrefix, o))])
        let serverPool = privateOffsets.Skip(4).Select(o => Host(privatePrefix, o)).ToArray()
        from cluster in Word
        from nodes in Nodes(publicNetwork, privateNetwork, publicOffsets, privateOffsets)
        from services in Services(publicNetwork.Vips, serverPool)
        from ha in Ha(services)
        from firewall in Firewall
        from global in Global
        select new ClusterConfig(cluster, nodes, [publicNetwork, privateNetwork], ha, services, firewall, global);

    private static Gen<int[]> Offsets =>
        Gen.Int.Array[HostOffsets].Select(keys => Enumerable.Range(1, HostOffsets).OrderBy(i => keys[i - 1]).ToArray());

    private static Gen<(string Public, string Private)> NetworkNames =>
        Gen.OneOfConst(("public", "private"), ("wan", "lan"), ("outside", "inside_1"));

    private static Gen<(string Public, string Private)> InterfaceNames =>
        from a in Word
        from b in Word
        select ("p" + a, "q" + b);

    private static Gen<IPNetwork> Prefix(int firstOctetMin, int firstOctetMax) =>
        from first in Gen.Int[firstOctetMin, firstOctetMax]
        from rest in Gen.Byte.Array[3]
        from length in Gen.Int[8, 28]
        select Canonical(new IPAddress([(byte)first, .. rest]), length);

    private static Gen<EquatableArray<NodeConfig>> Nodes(NetworkConfig publicNetwork, NetworkConfig privateNetwork, int[] publicOffsets, int[] privateOffsets) =>
        from name in Word
        from priority in Gen.Int[1, 254]
        from shift in Gen.Int[1, 253]
        let other = ((priority - 1 + shift) % 254) + 1
        select (EquatableArray<NodeConfig>)[
            new NodeConfig(name, (byte)priority, [new(publicNetwork.Name, Host(publicNetwork.Prefix, publicOffsets[0])), new(privateNetwork.Name, Host(privateNetwork.Prefix, privateOffsets[0]))]),
            new NodeConfig(name + "-b", (byte)other, [new(privateNetwork.Name, Host(privateNetwork.Prefix, privateOffsets[1])), new(publicNetwork.Name, Host(publicNetwork.Prefix, publicOffsets[1]))]),
        ];

    private static Gen<HaConfig> Ha(EquatableArray<VirtualServiceConfig> services) =>
        from vrid in Gen.Int[1, 255]
        from version in Gen.Int[2, 3]
        from advert in version == 2
            ? Gen.Int[1, 255].Select(s => TimeSpan.FromSeconds(s))
            : Gen.Int[1, 4095].Select(cs => TimeSpan.FromMilliseconds(cs * 10))
        from preempt in Gen.Bool
        from delay in Gen.Int[0, 1_000_000].Select(ms => TimeSpan.FromMilliseconds(ms))
        from unicast in Gen.Bool
        from garp in Garp
        from track in Track(services)
        from notify in Gen.OneOfConst<string?>(null, "/usr/local/bin/notify", "/opt/é/#notify")
        from auth in Auth(version)
        from sync in ConnectionSync
        select new HaConfig((byte)vrid, version, advert, preempt, preempt ? delay : TimeSpan.Zero, unicast)
        {
            Garp = garp,
            Track = track,
            Notify = notify,
            Auth = auth,
            ConnectionSync = sync,
        };

    private static Gen<ConnectionSyncConfig> ConnectionSync =>
        from enabled in Gen.Bool
        from port in Gen.Int[1, 65535]
        select new ConnectionSyncConfig(enabled, (ushort)port);

    private static Gen<GratuitousArpConfig> Garp =>
        from count in Gen.Int[1, 100]
        from interval in Gen.Int[0, 10_000].Select(ms => TimeSpan.FromMilliseconds(ms))
        from refresh in Gen.OneOf(Gen.Const(TimeSpan.Zero), Gen.Int[1_000, 86_400_000].Select(ms => TimeSpan.FromMilliseconds(ms)))
        select new GratuitousArpConfig(count, interval, refresh);

    private static Gen<HaTrackConfig> Track(EquatableArray<VirtualServiceConfig> services) =>
        from interfaceCount in Gen.Int[0, 2]
        from interfaceWeights in Gen.Int[-254, 254].Array[interfaceCount]
        from serviceWeights in Gen.Int[-254, 254].Array[services.Count]
        from trackServices in Gen.Bool.Array[services.Count]
        from commands in TrackCommand.Array[0, 2]
        select new HaTrackConfig(
            [.. interfaceWeights.Select((w, i) => new TrackedWeight($"track{i}", w))],
            [.. services.Where((_, i) => trackServices[i]).Select((s, i) => new TrackedWeight(s.Name, serviceWeights[i]))],
            [.. commands.Select((c, i) => c with { Name = $"{c.Name}-{i}" })]);

    private static Gen<TrackedCommandConfig> TrackCommand =>
        from name in Word
        from run in Gen.OneOfConst("/bin/true", "/usr/local/bin/check --quick \"x\"", "/opt/é/#check")
        from interval in Gen.Int[100, 3_600_000].Select(ms => TimeSpan.FromMilliseconds(ms))
        from timeout in Gen.Int[10, 3_600_000].Select(ms => TimeSpan.FromMilliseconds(ms))
        from rise in Gen.Int[1, 100]
        from fall in Gen.Int[1, 100]
        from weight in Gen.Int[-254, 254]
        select new TrackedCommandConfig(name, run, interval, timeout <= interval ? timeout : interval, rise, fall, weight);

    // A password always gets the "not security" warning, so it is round-tripped in HaConfigReadingTests instead.
    private static Gen<HaAuthConfig> Auth(int version) =>
        version == 2
            ? Gen.Const(HaAuthConfig.None)
            : Gen.OneOf(Gen.Const(HaAuthConfig.None), Gen.OneOfConst("/etc/fulcrum/vrrp.key", "/k é/#key").Select(k => new HaAuthConfig(HaAuthMode.Hmac, null, k)));

    private static Gen<EquatableArray<VirtualServiceConfig>> Services(EquatableArray<IPAddress> vips, IPAddress[] serverPool) =>
        from count in Gen.Int[0, 3]
        from services in Sequence(Enumerable.Range(0, count).Select(i => Service(i, count, vips, serverPool)))
        select services.ToEquatableArray();

    private static Gen<VirtualServiceConfig> Service(int index, int count, EquatableArray<IPAddress> vips, IPAddress[] serverPool) =>
        from name in Word
        from vip in Gen.OneOfConst([.. vips])
        from protocol in Protocol
        from ports in PortsInBlock(index, allowAll: count == 1)
        let listen = new ListenEndpoint(vip, ports, protocol)
        from scheduler in Gen.Enum<Scheduler>()
        from persistence in Persistence.Null(0.5)
        from servers in Servers(serverPool, ports.IsSinglePort)
        from quorum in Gen.Int[1, servers.Count]
        from sorry in Endpoint(serverPool, ports.IsSinglePort).Nullable(0.5)
        from check in Check(needsPort: !ports.IsSinglePort).Null(0.3)
        from synProxy in protocol == L4Protocol.Tcp ? Gen.Bool : Gen.Const(false)
        from clientLimit in synProxy ? Gen.Const((int?)null) : Gen.Int[1, 1_000_000].Nullable(0.5)
        select new VirtualServiceConfig($"{name}-{index}", listen, scheduler, persistence, quorum, sorry, check, servers) { SynProxy = synProxy, ClientLimit = clientLimit };

    // Service i uses ports in its own block, so listens never overlap.
    private static Gen<PortRange> PortsInBlock(int index, bool allowAll)
    {
        int low = (index * 20_000) + 1;
        int high = low + 19_998;
        Gen<PortRange> single = Gen.Int[low, high].Select(p => PortRange.Of((ushort)p));
        Gen<PortRange> range = from a in Gen.Int[low, high - 1] from b in Gen.Int[a + 1, high] select new PortRange((ushort)a, (ushort)b);
        return allowAll ? Gen.OneOf(single, range, Gen.Const(PortRange.All)) : Gen.OneOf(single, range);
    }

    private static Gen<PersistenceConfig> Persistence =>
        from timeout in Gen.Int[1_000, 86_400_000]
        from granularity in Gen.Int[1, 32]
        select new PersistenceConfig(TimeSpan.FromMilliseconds(timeout), granularity);

    private static Gen<EquatableArray<RealServerConfig>> Servers(IPAddress[] pool, bool mayHavePort) =>
        from count in Gen.Int[1, 3]
        from start in Gen.Int[0, pool.Length - 3]
        from ports in OptionalPort.Array[count]
        from weights in Gen.Int[0, ushort.MaxValue].Array[count]
        select Enumerable.Range(0, count)
            .Select(i => new RealServerConfig(new ServerEndpoint(pool[start + i], mayHavePort ? ports[i] : null), (ushort)weights[i]))
            .ToEquatableArray();

    private static Gen<ServerEndpoint> Endpoint(IPAddress[] pool, bool mayHavePort) =>
        from address in Gen.OneOfConst(pool)
        from port in OptionalPort
        select new ServerEndpoint(address, mayHavePort ? port : null);

    private static Gen<HealthCheckConfig> Check(bool needsPort) =>
        from probe in Probe(needsPort)
        from interval in Gen.Int[100, 3_600_000]
        from timeout in Gen.Int[10, interval - 1]
        from rise in Gen.Int[1, 100]
        from fall in Gen.Int[1, 100]
        from retry in Milliseconds0To1h
        from initial in Gen.Enum<HealthInitialState>()
        select new HealthCheckConfig(probe, TimeSpan.FromMilliseconds(interval), TimeSpan.FromMilliseconds(timeout), rise, fall, retry, initial);

    private static Gen<CheckProbe> Probe(bool needsPort)
    {
        Gen<ushort?> port = needsPort ? Port.Select(p => (ushort?)p) : OptionalPort;
        Gen<string?> text = TrickyText.Null(0.5)!;
        Gen<string> path = Gen.Char["abz09/._-~%?=&"].Array[0, 10].Select(c => "/" + new string(c));
        Gen<EquatableArray<StatusCodeRange>> status =
            (from first in Gen.Int[100, 599] from width in Gen.Int[0, 99] select new StatusCodeRange(first, Math.Min(599, first + width)))
            .Array[1, 3].Select(r => r.ToEquatableArray());
        Gen<string?> regex = TrickyText.Select(Regex.Escape).Null(0.5)!;
        Gen<string?> digest = Gen.Char["0123456789abcdef"].Array[32].Select(c => new string(c)).Null(0.5)!;
        Gen<string> dnsName = Word.Array[1, 3].Select(labels => string.Join('.', labels));

        return Gen.OneOf<CheckProbe>(
            port.Select(p => (CheckProbe)new TcpProbe(p)),
            Gen.Select(path, status, text, text, regex, digest, port, (a, b, c, d, e, f, g) => (CheckProbe)new HttpProbe(a, b, c, d, e, f, g)),
            Gen.Select(Gen.Select(path, status, text, text, regex, digest, port), text, Gen.Bool,
                (h, sni, verify) => (CheckProbe)new HttpsProbe(h.Item1, h.Item2, h.Item3, h.Item4, h.Item5, h.Item6, h.Item7, sni, verify)),
            Gen.Select(port, text, Gen.Bool, (p, sni, verify) => (CheckProbe)new TlsProbe(p, sni, verify)),
            Gen.Select(port, TrickyText, text, (p, send, expect) => (CheckProbe)new UdpProbe(p, send, expect)),
            Gen.Select(Port, dnsName, Gen.Enum<DnsRecordType>(), (p, q, t) => (CheckProbe)new DnsProbe(p, q, t)),
            Gen.Select(Word, TrickyText.Null(0.5), Gen.Bool, (program, args, dynamic) => (CheckProbe)new CommandProbe($"/usr/local/bin/{program}{(args is null ? "" : " " + args)}", dynamic)));
    }

    private static Gen<FirewallConfig> Firewall =>
        from sshPort in Gen.Int[23, ushort.MaxValue]
        from admins in Prefix(1, 223).Array[1, 3]
        from allowAll in Gen.Bool
        from rules in PortRule.Array[0, 4]
        from adminPorts in Gen.Int[1, 1000].Array[0, 2]
        from after in Gen.Int[1, 10_000]
        from perSeconds in Gen.OneOfConst(1, 60, 3600, 86_400)
        from banSeconds in Gen.Int[0, 604_800]
        from exempt in Prefix(1, 223).Array[0, 2]
        from exemptAdmin in Gen.Bool
        from to in Prefix(1, 223).Array[0, 2]
        from icmpRate in Gen.Int[0, 100_000]
        from antiSpoofing in Gen.Bool
        from logGroup in Gen.UShort.Nullable(0.5)
        select new FirewallConfig(
            new AdminAccessConfig((ushort)sshPort, [.. admins])
            {
                Ports = [.. adminPorts.Select(p => new PortRule(L4Protocol.Tcp, new PortRange((ushort)p, (ushort)p)))],
                Ban = new BanConfig(after, TimeSpan.FromSeconds(perSeconds), TimeSpan.FromSeconds(banSeconds), [.. exempt]) { ExemptAdmin = exemptAdmin },
            },
            new EgressConfig(allowAll, to.Length == 0 ? EgressConfig.Anywhere : [.. to], allowAll ? [] : [.. rules]))
        {
            IcmpEchoRate = icmpRate,
            AntiSpoofing = antiSpoofing,
            LogGroup = logGroup,
        };

    private static Gen<PortRule> PortRule =>
        from protocol in Protocol
        from first in Gen.Int[1, ushort.MaxValue]
        from last in Gen.Int[first, ushort.MaxValue]
        select new PortRule(protocol, new PortRange((ushort)first, (ushort)last));

    private static Gen<GlobalSettings> Global =>
        from segments in Word.Array[1, 3]
        from format in Gen.Enum<LogFormat>()
        from level in Gen.Enum<LogVerbosity>()
        select new GlobalSettings("/" + string.Join('/', segments), format, level);

    private static Gen<List<T>> Sequence<T>(IEnumerable<Gen<T>> gens) =>
        gens.Aggregate(
            Gen.Const(() => new List<T>()),
            (list, next) => Gen.Select(list, next, (items, item) => { items.Add(item); return items; }));

    private static IPAddress Host(IPNetwork prefix, int offset)
    {
        byte[] bytes = prefix.BaseAddress.GetAddressBytes();
        bytes[3] += (byte)offset;
        return new IPAddress(bytes);
    }

    private static IPNetwork Canonical(IPAddress address, int length)
    {
        uint bits = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(address.GetAddressBytes());
        uint mask = length == 0 ? 0 : uint.MaxValue << (32 - length);
        byte[] bytes = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes, bits & mask);
        return new IPNetwork(new IPAddress(bytes), length);
    }
}
