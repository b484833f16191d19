using System.Collections.Concurrent;
using Fulcrum.Core.Vrrp;

namespace Fulcrum.Core.Tests.Vrrp.Engine;

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
}
