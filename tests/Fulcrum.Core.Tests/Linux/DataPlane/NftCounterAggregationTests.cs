using Fulcrum.Core.Config;
using Fulcrum.Core.DataPlane;
using Fulcrum.Linux.DataPlane;
using Fulcrum.Linux.Nftables;
using Fulcrum.Linux.Nftables.Expressions;
using static Fulcrum.Core.Tests.Linux.DataPlane.Models;

namespace Fulcrum.Core.Tests.Linux.DataPlane;

public sealed class NftCounterAggregationTests
{
    [Fact]
    public void Stats_elements_add_up_per_server_and_service_with_connections_by_mark()
    {
        var model = Model(Service("web", 80, Scheduler.RoundRobin, Server(11, 1), Server(12, 1)), Service("api", 81, Scheduler.RoundRobin, Server(13, 1)));
        var state = NftPlanTranslator.Translate(DataPlanePlanner.Plan(DataPlaneModel.Empty, model), NftEngineState.Empty).Next;
        var marks = state.Services["web"].Marks.Values.Order().ToList();
        NftSetElement[] stats =
        [
            Stat(marks[0], direction: 0, packets: 10, bytes: 1000),
            Stat(marks[0], direction: 1, packets: 8, bytes: 9000),
            Stat(marks[1], direction: 0, packets: 1, bytes: 60),
            Stat(999, direction: 0, packets: 5, bytes: 5),
        ];

        var counters = NftCounterAggregation.Aggregate(state, stats, new Dictionary<uint, long> { [marks[0]] = 3 });

        Assert.Equal(["api", "web"], counters.Select(c => c.Name));
        var web = counters[1];
        Assert.Equal(new TrafficCounters(10, 1000, 8, 9000, 3), web.Servers[0].Traffic);
        Assert.Equal(new TrafficCounters(1, 60, 0, 0, 0), web.Servers[1].Traffic);
        Assert.Equal(new TrafficCounters(11, 1060, 8, 9000, 3), web.Total);
        Assert.Equal(TrafficCounters.Zero, counters[0].Total);
        Assert.Null(NftCounterAggregation.Aggregate(state, stats, null)[1].Total.Connections);
    }

    [Fact]
    public void Conntrack_listings_are_counted_by_mark_without_closing_connections()
    {
        const string listing = """
            tcp      6 431999 ESTABLISHED src=203.0.113.50 dst=203.0.113.100 sport=1 dport=80 src=192.168.20.11 dst=203.0.113.50 sport=80 dport=1 [ASSURED] mark=5 use=1
            tcp      6 119 TIME_WAIT src=203.0.113.50 dst=203.0.113.100 sport=2 dport=80 src=192.168.20.11 dst=203.0.113.50 sport=80 dport=2 [ASSURED] mark=5 use=1
            udp      17 29 src=203.0.113.50 dst=203.0.113.100 sport=3 dport=53 src=192.168.20.12 dst=203.0.113.50 sport=53 dport=3 mark=7 use=1
            tcp      6 59 SYN_SENT src=10.0.0.1 dst=10.0.0.2 sport=4 dport=22 [UNREPLIED] src=10.0.0.2 dst=10.0.0.1 sport=22 dport=4 mark=0 use=1
            """;

        Assert.Equal(new Dictionary<uint, long> { [5] = 1, [7] = 1 }, ConntrackTool.CountLines(listing));
    }

    private static NftSetElement Stat(uint mark, byte direction, ulong packets, ulong bytes) =>
        new(NftData.Concat(NftLayout.Mark(mark), NftData.FromByte(direction))) { Counter = new CounterExpression(packets, bytes) };
}
