using System.Buffers.Binary;
using Fulcrum.Core.Collections;
using Fulcrum.Core.DataPlane;
using Fulcrum.Linux.Nftables;

namespace Fulcrum.Linux.DataPlane;

/// <summary>
/// Turns the elements of set <c>stats</c> (<c>ct mark . ct direction</c> with a counter each) and
/// connection counts by mark into counters per service and server. Pure.
/// </summary>
internal static class NftCounterAggregation
{
    // include/uapi/linux/netfilter/nf_conntrack_common.h: IP_CT_DIR_ORIGINAL, IP_CT_DIR_REPLY.
    private const byte Original = 0;

    public static IReadOnlyList<ServiceCounters> Aggregate(
        NftEngineState state, IReadOnlyList<NftSetElement> stats, IReadOnlyDictionary<uint, long>? connections)
    {
        var byMark = new Dictionary<uint, TrafficCounters>();
        foreach (var element in stats)
        {
            if (element.Key.Length < 5 || element.Counter is not { } counter)
            {
                continue;
            }

            var mark = BinaryPrimitives.ReadUInt32LittleEndian(element.Key.Span);
            var traffic = element.Key.Span[4] == Original
                ? new TrafficCounters(counter.Packets, counter.Bytes, 0, 0, 0)
                : new TrafficCounters(0, 0, counter.Packets, counter.Bytes, 0);
            byMark[mark] = byMark.TryGetValue(mark, out var sum) ? sum.Add(traffic) : traffic;
        }

        var services = new List<ServiceCounters>(state.Services.Count);
        foreach (var record in state.Services.Values.OrderBy(r => r.Service.Name, StringComparer.Ordinal))
        {
            var servers = record.ServerRecords()
                .Select(server => new ServerCounters(server.Endpoint, server.IsSorry, Traffic(byMark, connections, server.Mark)))
                .ToEquatableArray();
            var total = servers.Aggregate(connections is null ? TrafficCounters.Zero with { Connections = null } : TrafficCounters.Zero, (sum, s) => sum.Add(s.Traffic));
            services.Add(new ServiceCounters(record.Service.Name, total, servers));
        }

        return services;
    }

    private static TrafficCounters Traffic(Dictionary<uint, TrafficCounters> byMark, IReadOnlyDictionary<uint, long>? connections, uint mark)
    {
        var traffic = byMark.GetValueOrDefault(mark) ?? TrafficCounters.Zero;
        return traffic with { Connections = connections is null ? null : connections.GetValueOrDefault(mark) };
    }
}
