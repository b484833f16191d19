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
        var state = NftPlanTranslator.Translate(DataPlanePlanner.Plan(DataPlaneModel.Empty, model), NftEngineState.Empty, NftKernelFeatures.All).Next;
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

    private static NftSetElement Stat(uint mark, byte direction, ulong packets, ulong bytes) =>
        new(NftData.Concat(NftLayout.Mark(mark), NftData.FromByte(direction))) { Counter = new CounterExpression(packets, bytes) };
}
