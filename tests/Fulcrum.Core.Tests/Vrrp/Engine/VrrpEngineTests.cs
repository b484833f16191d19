using System.Collections.Concurrent;
using System.Net;
using Fulcrum.Core.Vrrp;

namespace Fulcrum.Core.Tests.Vrrp.Engine;

/// <summary>The engine's life cycle on its real threads (the node on recording ports and a fake clock).</summary>
public sealed class VrrpEngineTests
{
    [Fact]
    public async Task The_thread_start_hooks_run_on_the_vrrp_thread_every_receive_thread_and_the_standby_thread()
    {
        // The Linux host raises the main and receive threads to real-time scheduling through the first
        // hook: a receive thread left at normal priority starves on a loaded machine while the
        // real-time timer thread fires Master_Down over adverts that did arrive. The standby thread
        // gets the second hook (nice -20, normal class).
        using var harness = new VrrpNodeHarness();
        var threads = new ConcurrentBag<string?>();
        var standby = new ConcurrentBag<string?>();
        using var allStarted = new CountdownEvent(4);
        var engine = new VrrpEngine(
            harness.Node,
            [harness.Public, harness.Private],
            Paths(harness),
            harness.Logger,
            onThreadStart: () =>
            {
                threads.Add(Thread.CurrentThread.Name);
                allStarted.Signal();
            },
            onStandbyThreadStart: () =>
            {
                standby.Add(Thread.CurrentThread.Name);
                allStarted.Signal();
            });

        try
        {
            await engine.StartAsync();
            Assert.True(allStarted.Wait(TimeSpan.FromSeconds(10)), $"the hooks ran on: {string.Join(", ", threads)} / {string.Join(", ", standby)}");
        }
        finally
        {
            await engine.DisposeAsync();
        }

        Assert.Equal(["vrrp", "vrrp-rx eth0", "vrrp-rx eth1"], threads.Order(StringComparer.Ordinal));
        Assert.Equal(["vrrp-standby"], standby);
    }

    [Fact]
    public async Task While_the_main_thread_is_held_the_standby_thread_starts_the_group_takes_over_and_sends_adverts()
    {
        // On Linux a real-time thread woken on a CPU held by a long kernel section (a 10,000-service
        // nf_tables commit) waits for that CPU; the standby, in the normal class, runs elsewhere.
        using var harness = new VrrpNodeHarness(priority: 150);
        using var held = new ManualResetEventSlim();
        var engine = new VrrpEngine(harness.Node, [harness.Public, harness.Private], Paths(harness), harness.Logger, onThreadStart: () =>
        {
            if (Thread.CurrentThread.Name == "vrrp")
            {
                held.Wait(TimeSpan.FromSeconds(30));
            }
        });

        var becameMaster = false;
        try
        {
            var started = engine.StartAsync();
            Assert.Same(started, await Task.WhenAny(started, Task.Delay(TimeSpan.FromSeconds(10))));

            // No other master: Master_Down_Interval (3 × 100 ms + skew) passes and the group takes over.
            harness.Time.Advance(TimeSpan.FromMilliseconds(400));
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            while (!becameMaster)
            {
                becameMaster = (await harness.Transitions.ReadAsync(deadline.Token)).To == VrrpState.Master;
            }
        }
        finally
        {
            // A master keeps its VIPs until the new master is heard or ReleaseTimeout passes on the fake clock.
            held.Set();
            var disposing = engine.DisposeAsync().AsTask();
            Assert.True(
                SpinWait.SpinUntil(
                    () =>
                    {
                        harness.Time.Advance(TimeSpan.FromMilliseconds(10));
                        return disposing.IsCompleted;
                    },
                    TimeSpan.FromSeconds(10)),
                "the engine did not stop");
            await disposing;
        }

        Assert.True(becameMaster);
        Assert.Contains((byte)150, harness.Public.Priorities);
        Assert.Contains((byte)150, harness.Private.Priorities);
        Assert.Contains(harness.Journal, line => line.Contains("203.0.113.100", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_advert_queued_in_the_kernel_is_handled_before_master_down_fires_although_no_receive_thread_handed_it_over()
    {
        // The receive threads never wake the engine (held, as on a CPU busy in the kernel); the master's
        // adverts wait in the sockets. Every turn the engine takes for a timer reads them first, and
        // the node stays backup. Without that it would take over.
        using var harness = new VrrpNodeHarness(priority: 100);
        var fromMaster = new[]
        {
            Advert(new VrrpAdvertisement(VrrpVersion.V3, 51, 200, 10, [VrrpNodeHarness.PublicVip]), VrrpNodeHarness.Peer),
            Advert(new VrrpAdvertisement(VrrpVersion.V3, 51, 200, 10, [VrrpNodeHarness.PrivateVip]), IPAddress.Parse("192.168.20.2")),
        };
        using var publicChannel = new QueuedChannel("eth0");
        using var privateChannel = new QueuedChannel("eth1");
        var engine = new VrrpEngine(harness.Node, [publicChannel, privateChannel], Paths(harness), harness.Logger);
        try
        {
            await engine.StartAsync();

            // Rounds of 60 ms (past the 50 ms link-tracking deadline, so the engine takes a turn and reads
            // the sockets first), 600 ms or more in all: Master_Down_Interval (3 × 100 ms + 61 ms skew)
            // passes unless the queued adverts are read. The engine's turn may still be running when the
            // test moves the clock (it then sets its next deadline from the moved clock): one more step of
            // 60 ms makes a turn due again. At most 120 ms pass between two adverts, far inside the interval.
            for (var round = 0; round < 10; round++)
            {
                publicChannel.Enqueue(fromMaster[0]);
                privateChannel.Enqueue(fromMaster[1]);
                harness.Time.Advance(TimeSpan.FromMilliseconds(60));
                if (!SpinWait.SpinUntil(() => publicChannel.QueuedCount == 0 && privateChannel.QueuedCount == 0, TimeSpan.FromSeconds(1)))
                {
                    harness.Time.Advance(TimeSpan.FromMilliseconds(60));
                }

                Assert.True(
                    SpinWait.SpinUntil(() => publicChannel.QueuedCount == 0 && privateChannel.QueuedCount == 0, TimeSpan.FromSeconds(10)),
                    $"round {round}: the engine never read the queued adverts (queued {publicChannel.QueuedCount}/{privateChannel.QueuedCount}); log: {string.Join(" | ", harness.Logger.Entries.ToArray().Select(e => e.Message))}");
            }
        }
        finally
        {
            await engine.DisposeAsync();
        }

        var transitions = harness.DrainTransitions();
        Assert.Contains(transitions, t => t.To == VrrpState.Backup);
        Assert.DoesNotContain(transitions, t => t.To == VrrpState.Master);
    }

    private static byte[] Advert(VrrpAdvertisement advertisement, IPAddress source) =>
        VrrpTestPackets.WrapInIpv4(new VrrpPacketWriter(source).Write(advertisement, VrrpConstants.MulticastGroup), source);

    private static VrrpReceivePath[] Paths(VrrpNodeHarness harness) =>
        [.. harness.Options.Members.Select(m => new VrrpReceivePath(
            m.Interface,
            new VrrpReceiveFilter(new VrrpReceiveFilterOptions { VirtualRouterIds = new HashSet<byte> { 51 } }),
            harness.Metrics,
            harness.Logger,
            harness.Time))];

    [Fact]
    public async Task Dispose_twice_and_stop_after_dispose_are_harmless()
    {
        using var node = new VrrpNodeHarness(priority: 100);
        using var quietPublic = new QuietChannel("eth0");
        using var quietPrivate = new QuietChannel("eth1");
        var engine = new VrrpEngine(node.Node, [quietPublic, quietPrivate], Paths(node), node.Logger);
        await engine.StartAsync();
        Assert.True(node.Node.IsRunning);

        await engine.DisposeAsync();
        await engine.DisposeAsync();
        await engine.StopAsync();

        Assert.False(node.Node.IsRunning);
        Assert.True(engine.Completion.IsCompletedSuccessfully);
    }

    /// <summary>Receives nothing: each receive waits its timeout (or until disposed) and returns -1.</summary>
    private sealed class QuietChannel(string interfaceName) : IVrrpChannel
    {
        private readonly ManualResetEventSlim _closed = new();

        public string InterfaceName { get; } = interfaceName;

        public void Send(ReadOnlySpan<byte> vrrpMessage, IPAddress destination) => throw new InvalidOperationException("The engine test sends through the node's own channels.");

        public bool WaitUntilReadable(TimeSpan timeout)
        {
            _closed.Wait(timeout);
            return false;
        }

        public int TryReceive(Span<byte> buffer) => -1;

        public void Dispose()
        {
            _closed.Set();
            _closed.Dispose();
        }
    }

    /// <summary>
    /// Its receive thread is never told that a datagram is there (it waits its timeout, as a thread
    /// held off its CPU would); the datagrams the test queues are read by the node threads' turns.
    /// </summary>
    private sealed class QueuedChannel(string interfaceName) : IVrrpChannel
    {
        private readonly ConcurrentQueue<byte[]> _queued = new();
        private readonly ManualResetEventSlim _closed = new();

        public string InterfaceName { get; } = interfaceName;

        public int QueuedCount => _queued.Count;

        public void Enqueue(byte[] datagram) => _queued.Enqueue(datagram);

        public void Send(ReadOnlySpan<byte> vrrpMessage, IPAddress destination) => throw new InvalidOperationException("The engine test sends through the node's own channels.");

        public bool WaitUntilReadable(TimeSpan timeout)
        {
            _closed.Wait(timeout);
            return false;
        }

        public int TryReceive(Span<byte> buffer)
        {
            if (!_queued.TryDequeue(out var datagram))
            {
                return -1;
            }

            datagram.CopyTo(buffer);
            return datagram.Length;
        }

        public void Dispose()
        {
            _closed.Set();
            _closed.Dispose();
        }
    }
}
