using Fulcrum.Core.Status;

namespace Fulcrum.Core.Tests.Cli;

/// <summary>Fixed status snapshots of the lab's lb1 for the status and check golden tests.</summary>
internal static class StatusSnapshots
{
    public static readonly DateTimeOffset Started = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);

    /// <summary>The clock the golden texts were rendered at: 1 h 2 min 3 s after the start.</summary>
    public static readonly DateTimeOffset Now = Started + new TimeSpan(1, 2, 3);

    public static RealServerStatus Server(string address, string reason = "status 200", long conns = 4, double latency = 0.0012) => new(
        address, 1, 1, "enabled", "up", reason, Started.AddSeconds(2), latency,
        new TrafficStatus(conns, 200 * (ulong)conns, 15_226 * (ulong)conns, 180 * (ulong)conns, 1_250_000 * (ulong)conns, 13.5 * conns, 2_960.4 * conns));

    public static VrrpInstanceStatus Instance(string name, string device, string state, int effective, string? master, string vip) => new(
        name, device, 51, 3, state, 150, effective, 0.1, master, [vip], Started.AddSeconds(1.5), 1);

    /// <summary>Everything fine: master, one web service with three healthy servers, a persistent DNS service, the firewall applied.</summary>
    public static StatusSnapshot Healthy() => new(
        "lb1",
        "lab",
        "0.1.0",
        4242,
        Started,
        new ConfigStatus("/etc/fulcrum/fulcrum.yaml", Started.AddMinutes(30), "3f2a9c1d0e4b5a6f7788990011223344556677889900aabbccddeeff00112233"),
        new HaStatus("master", [
            Instance("public", "eth0", "master", 150, "203.0.113.1", "203.0.113.100"),
            Instance("private", "eth1", "master", 150, "192.168.20.1", "192.168.20.254"),
        ]),
        [
            new ServiceStatus(
                "web", "203.0.113.100:80/tcp", "wrr", null, 1, 3, true, null,
                new TrafficStatus(12, 2_400, 182_712, 2_160, 15_000_000, 162, 35_524.8),
                [Server("192.168.20.11:80"), Server("192.168.20.12:80"), Server("192.168.20.13:80")]),
            new ServiceStatus(
                "dns", "203.0.113.100:53/udp", "sh", new PersistenceStatus(300, "255.255.255.0"), 1, 2, true, "192.168.20.99:53",
                new TrafficStatus(null, 950, 61_750, 950, 123_500, 0.4, 26),
                [
                    Server("192.168.20.11:53", "answer NOERROR", 0, 0.0008) with { Traffic = new TrafficStatus(null, 500, 32_500, 500, 65_000, 0.2, 13) },
                    Server("192.168.20.12:53", "answer NOERROR", 0, 0.0009) with { Traffic = new TrafficStatus(null, 450, 29_250, 450, 58_500, 0.2, 13) },
                ]),
        ],
        new FirewallStatus(true, "9d8c7b6a5f4e3d2c1b0a", Started.AddSeconds(1)))
    {
        Conntrack = new ConntrackTableStatus(1_234, 262_144, 0.5, "normal", 0, 0, 0, Now.AddSeconds(-1)),
    };

    /// <summary>Healthy, but the conntrack table <paramref name="entries"/> of 262,144 full (the level as the daemon would say).</summary>
    public static StatusSnapshot ConntrackAt(long entries, string level, ulong earlyDrops = 0, ulong drops = 0) => Healthy() with
    {
        Conntrack = new ConntrackTableStatus(entries, 262_144, Math.Round(100.0 * entries / 262_144, 1), level, earlyDrops, drops, 0, Now.AddSeconds(-1)),
    };

    /// <summary>Degraded: one web server down, one drained, one overridden; the private instance's priority lowered by tracking.</summary>
    public static StatusSnapshot Degraded()
    {
        StatusSnapshot healthy = Healthy();
        ServiceStatus web = healthy.Services[0];
        return healthy with
        {
            Ha = healthy.Ha! with
            {
                Instances = [healthy.Ha.Instances[0], healthy.Ha.Instances[1] with { EffectivePriority = 130, Transitions = 3 }],
            },
            Services =
            [
                web with
                {
                    Healthy = 2,
                    Servers =
                    [
                        web.Servers[0] with { Admin = "drained", Weight = 0 },
                        web.Servers[1] with { Admin = "weight_override", Weight = 3 },
                        web.Servers[2] with
                        {
                            Health = "down", Weight = 0, HealthReason = "connection refused", HealthSince = Now.AddSeconds(-95),
                            CheckLatency = null, Traffic = TrafficStatus.Zero,
                        },
                    ],
                },
                healthy.Services[1],
            ],
        };
    }

    /// <summary>The web service below quorum (every server down), dns fine.</summary>
    public static StatusSnapshot WebDown()
    {
        StatusSnapshot healthy = Healthy();
        ServiceStatus web = healthy.Services[0];
        return healthy with
        {
            Services =
            [
                web with
                {
                    Healthy = 0, Up = false, Traffic = web.Traffic with { ActiveConnections = 0, PacketsPerSecond = 0, BytesPerSecond = 0 },
                    Servers = [.. web.Servers.Select(s => s with { Health = "down", Weight = 0, HealthReason = "status 500", HealthSince = Now.AddSeconds(-20) })],
                },
                healthy.Services[1],
            ],
        };
    }

    /// <summary>The sync group in fault (the public interface went down).</summary>
    public static StatusSnapshot Fault()
    {
        StatusSnapshot healthy = Healthy();
        return healthy with
        {
            Ha = new HaStatus("fault", [
                Instance("public", "eth0", "fault", 150, null, "203.0.113.100"),
                Instance("private", "eth1", "fault", 150, "192.168.20.2", "192.168.20.254"),
            ]),
        };
    }

    /// <summary>lb1 as backup (lb2 took over), everything else fine.</summary>
    public static StatusSnapshot Backup()
    {
        StatusSnapshot healthy = Healthy();
        return healthy with
        {
            Ha = new HaStatus("backup", [
                Instance("public", "eth0", "backup", 150, "203.0.113.2", "203.0.113.100"),
                Instance("private", "eth1", "backup", 150, "192.168.20.2", "192.168.20.254"),
            ]),
        };
    }

    /// <summary>A node with no HA, no firewall section and no services.</summary>
    public static StatusSnapshot Bare() => Healthy() with { Ha = null, Firewall = null, Services = [], Conntrack = null };
}
