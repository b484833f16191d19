using System.Diagnostics;
using System.Net.Sockets;
using Fulcrum.Core.Config;
using Fulcrum.Core.DataPlane;
using Fulcrum.Integration.Tests.Lab;

namespace Fulcrum.Integration.Tests.DataPlane;

/// <summary>Drain (weight 0) keeps established flows and takes no new ones; remove cuts established flows at once.</summary>
[Collection(LabTestGroup.Name)]
public sealed class DrainAndRemoveTests(LabFixture fixture)
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    [PrivilegedFact]
    public async Task Draining_keeps_the_established_connection_working_and_sends_no_new_connection_to_the_server()
    {
        using var lb = new Balancer(fixture.Lab);
        await lb.ApplyAsync(Model(lb, rs2Weight: 1));
        using var established = await ConnectionToAsync(lb, "rs2");

        await lb.ApplyAsync(Model(lb, rs2Weight: 0));

        Assert.Equal("rs2", (await established.RequestAsync(RequestTimeout)).Server);
        var counts = await LabHttp.CountAsync(lb.Client.Namespace, Balancer.At(Balancer.Vip), 200);
        Assert.Equal(200, counts.GetValueOrDefault("rs1"));
        Assert.Equal("rs2", (await established.RequestAsync(RequestTimeout)).Server);
    }

    [PrivilegedFact]
    public async Task Removing_a_server_resets_its_established_connection_within_a_second()
    {
        using var lb = new Balancer(fixture.Lab);
        await lb.ApplyAsync(Model(lb, rs2Weight: 1));
        using var established = await ConnectionToAsync(lb, "rs2");

        await lb.ApplyAsync(Services.Model(Services.Tcp("web", Balancer.Vip, 80, Scheduler.RoundRobin, [(lb.Server(1), 1)])));
        var cut = Stopwatch.StartNew();

        var reset = await Assert.ThrowsAsync<SocketException>(() => established.RequestAsync(TimeSpan.FromSeconds(1)));
        Assert.Equal(SocketError.ConnectionReset, reset.SocketErrorCode);
        Assert.True(cut.Elapsed < TimeSpan.FromSeconds(1), $"reset after {cut.Elapsed}");
    }

    private static DataPlaneModel Model(Balancer lb, ushort rs2Weight) =>
        Services.Model(Services.Tcp("web", Balancer.Vip, 80, Scheduler.RoundRobin, [(lb.Server(1), 1), (lb.Server(2), rs2Weight)]));

    /// <summary>Opens keep-alive connections until one is served by <paramref name="server"/> (rr: the first or second).</summary>
    private static async Task<KeepAliveConnection> ConnectionToAsync(Balancer lb, string server)
    {
        for (var attempt = 0; attempt < 4; attempt++)
        {
            var connection = await LabHttp.ConnectAsync(lb.Client.Namespace, Balancer.At(Balancer.Vip));
            if ((await connection.RequestAsync(RequestTimeout)).Server == server)
            {
                return connection;
            }

            connection.Dispose();
        }

        throw new InvalidOperationException($"round robin never chose {server}");
    }
}
