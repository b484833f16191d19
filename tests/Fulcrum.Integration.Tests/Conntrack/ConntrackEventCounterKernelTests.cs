using System.Diagnostics;
using System.Net;
using Fulcrum.Core.Net;
using Fulcrum.Integration.Tests.Netlink;
using Fulcrum.Linux.Conntrack;
using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Integration.Tests.Conntrack;

/// <summary>The event-driven counter against a namespace's table: it follows creates and deletes, and recovers from ENOBUFS with a dump.</summary>
public sealed class ConntrackEventCounterKernelTests
{
    private static readonly IPAddress Vip = IPAddress.Parse("203.0.113.10");
    private static readonly IPAddress ServerA = IPAddress.Parse("10.2.0.2");
    private static readonly IPAddress ServerB = IPAddress.Parse("10.2.0.3");
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [ConntrackPrivilegedFact]
    public void Counts_follow_new_and_destroyed_flows_and_a_resync_catches_entries_that_predate_the_listener()
    {
        using var ns = new TestNamespace("ftct");
        using var seeder = new ConntrackSeeder(ns.Name);
        seeder.Create(ConntrackClientKernelTests.Flows(Vip, 80, ServerA, 8080, mark: 1, count: 5, firstPort: 9000));
        using var counter = ConntrackEventCounter.Start(ns.Name);
        using var client = ConntrackClient.Open(ns.Name);

        seeder.Create(ConntrackClientKernelTests.Flows(Vip, 80, ServerA, 8080, mark: 1, count: 300, firstPort: 10000)
            .Concat(ConntrackClientKernelTests.Flows(Vip, 80, ServerB, 8080, mark: 2, count: 200, firstPort: 20000)
                .Select((f, i) => i % 4 == 0 ? f with { TcpState = ConntrackTcpState.SynReceived } : f)));
        WaitUntil(() => Total(counter, 1) == 305 && Total(counter, 2) == 200, counter);
        Assert.Equal(client.CountByMark(), counter.Snapshot());

        Assert.Equal(305, client.DeleteFlowsTo(new ConntrackFlowSelector(L4Protocol.Tcp, Vip, PortRange.Of(80), ServerA)));
        WaitUntil(() => Total(counter, 1) == 5, counter);

        // The 5 entries created before anyone listened (nf_conntrack_events=2) have no event
        // extension, so their DESTROY never comes: they stay counted until a resync.
        Assert.Equal(new ConnectionCounts(150, 50, 0, 0), counter.Snapshot()[2]);
        Assert.Equal(800, counter.EventsApplied);
        counter.Resync();
        Assert.Equal([2u], counter.Snapshot().Keys);
        Assert.Equal(2, counter.Resyncs);
    }

    [ConntrackPrivilegedFact]
    public void Overflowed_event_buffer_is_reported_as_ENOBUFS_and_a_resync_dump_restores_exact_counts()
    {
        using var ns = new TestNamespace("ftct");
        var socket = NetlinkSocket.Open(NetlinkProtocol.Netfilter, ns.Name, TimeSpan.FromMilliseconds(200),
            [NfConntrack.NFNLGRP_CONNTRACK_NEW, NfConntrack.NFNLGRP_CONNTRACK_UPDATE, NfConntrack.NFNLGRP_CONNTRACK_DESTROY]);
        var events = new NetlinkClient(socket);
        events.EnsureReceiveBuffer(16 * 1024);
        using var counter = new ConntrackEventCounter(events, ConntrackClient.Open(ns.Name), uint.MaxValue);
        using var seeder = new ConntrackSeeder(ns.Name);

        // Nobody reads while 5,000 NEW events arrive: the 16 KiB buffer overflows.
        seeder.Create(ConntrackClientKernelTests.Flows(Vip, 80, ServerA, 8080, mark: 1, count: 5000, firstPort: 10000));
        while (counter.Pump())
        {
        }

        Assert.Equal(1, counter.Resyncs);
        Assert.Equal(new ConnectionCounts(5000, 0, 0, 0), counter.Snapshot()[1]);
    }

    private static int Total(ConntrackEventCounter counter, uint mark) => counter.Snapshot().GetValueOrDefault(mark).Total;

    private static void WaitUntil(Func<bool> condition, ConntrackEventCounter counter)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < Deadline, $"the counter did not catch up in time: {string.Join(", ", counter.Snapshot())} after {counter.EventsApplied} event(s), {counter.Resyncs} resync(s)");
            Thread.Sleep(10);
        }
    }
}
