using System.Net;
using Fulcrum.Core.Collections;
using Fulcrum.Core.Config;
using Fulcrum.Core.Net;

namespace Fulcrum.Core.Tests.Health;

/// <summary>Small services and checks for health tests.</summary>
internal static class HealthModels
{
    public static readonly IPAddress Source = IPAddress.Parse("192.168.20.1");

    public static ServerEndpoint Rs(int host, ushort port = 80) => new(IPAddress.Parse($"192.168.20.{host}"), port);

    public static HealthCheckConfig Check(
        CheckProbe? probe = null,
        int rise = 2,
        int fall = 3,
        int intervalMs = 1000,
        int timeoutMs = 500,
        int retryMs = 0,
        HealthInitialState initial = HealthInitialState.Down) =>
        new(probe ?? new TcpProbe(null), TimeSpan.FromMilliseconds(intervalMs), TimeSpan.FromMilliseconds(timeoutMs),
            rise, fall, TimeSpan.FromMilliseconds(retryMs), initial);

    public static VirtualServiceConfig Service(string name, HealthCheckConfig? check, int quorum = 1, ushort port = 80, params (int Host, ushort Weight)[] servers) => new(
        name,
        new ListenEndpoint(IPAddress.Parse("203.0.113.100"), PortRange.Of(port), L4Protocol.Tcp),
        Scheduler.WeightedRoundRobin,
        Persistence: null,
        quorum,
        Sorry: null,
        check,
        servers.Select(s => new RealServerConfig(Rs(s.Host), s.Weight)).ToEquatableArray());
}
