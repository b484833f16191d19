using System.Collections.Concurrent;
using System.Net;
using Fulcrum.Core.Vrrp;

namespace Fulcrum.Core.Tests.Vrrp.Engine;

/// <summary>The engine's life cycle on its real threads (the node on recording ports and a fake clock).</summary>
public sealed class VrrpEngineTests
{
    [Fact]
    public async Task The_thread_start_hook_runs_on_the_vrrp_thread_and_on_every_receive_thread()
    {
        // The Linux host raises these threads to real-time scheduling through the hook: a receive
        // thread left at normal priority starves on a loaded machine while the real-time timer
        // thread fires Master_Down over adverts that did arrive.
        using var harness = new VrrpNodeHarness();
        var threads = new ConcurrentBag<string?>();
        using var allStarted = new CountdownEvent(3);
        var paths = new[] { "eth0", "eth1" }
            .Select(device => new VrrpReceivePath(device, new VrrpReceiveFilter(new VrrpReceiveFilterOptions { VirtualRouterIds = new HashSet<byte> { 51 } }), harness.Metrics, harness.Logger, harness.Time))
            .ToArray();
        var engine = new VrrpEngine(harness.Node, [harness.Public, harness.Private], paths, harness.Logger, () =>
        {
            threads.Add(Thread.CurrentThread.Name);
            allStarted.Signal();
        });

        try
        {
            await engine.StartAsync();
            Assert.True(allStarted.Wait(TimeSpan.FromSeconds(10)), $"the hook ran on: {string.Join(", ", threads)}");
        }
        finally
        {
            await engine.DisposeAsync();
        }

        Assert.Equal(["vrrp", "vrrp-rx eth0", "vrrp-rx eth1"], threads.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Dispose_twice_and_stop_after_dispose_are_harmless()
    {
        using var node = new VrrpNodeHarness(priority: 100);
        using var quietPublic = new QuietChannel("eth0");
        using var quietPrivate = new QuietChannel("eth1");
        var paths = node.Options.Members
            .Select(m => new VrrpReceivePath(m.Interface, new VrrpReceiveFilter(new VrrpReceiveFilterOptions { VirtualRouterIds = new HashSet<byte> { 51 } }), node.Metrics, node.Logger, node.Time))
            .ToList();
        var engine = new VrrpEngine(node.Node, [quietPublic, quietPrivate], paths, node.Logger);
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

        public int Receive(Span<byte> buffer, TimeSpan timeout)
        {
            _closed.Wait(timeout);
            return -1;
        }

        public void Dispose()
        {
            _closed.Set();
            _closed.Dispose();
        }
    }
}
