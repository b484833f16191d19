using System.Net;
using Fulcrum.Core.Config;
using Fulcrum.Core.DataPlane;
using Fulcrum.Core.Net;

namespace Fulcrum.Core.Tests.DataPlane;

public sealed class DataPlaneModelTests
{
    [Fact]
    public void Find_answers_for_models_in_name_order_and_in_any_other_order()
    {
        var names = new[] { "a", "b-1", "b_2", "web", "zz" };
        var sorted = new DataPlaneModel([.. names.Select(Service)]);
        var shuffled = new DataPlaneModel([.. names.Reverse().Select(Service)]);

        foreach (var name in names)
        {
            Assert.Equal(name, sorted.Find(name)?.Name);
            Assert.Equal(name, shuffled.Find(name)?.Name);
        }

        Assert.Null(sorted.Find("nope"));
        Assert.Null(shuffled.Find("nope"));
        Assert.Null(DataPlaneModel.Empty.Find("a"));
    }

    private static VirtualService Service(string name) => new(
        name, new ListenEndpoint(IPAddress.Loopback, PortRange.Of(80), L4Protocol.Tcp), Scheduler.RoundRobin, null, [], null, false);
}
