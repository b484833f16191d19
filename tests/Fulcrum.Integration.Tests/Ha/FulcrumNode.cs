using System.Collections.Concurrent;
using Fulcrum.Core.Vrrp;
using Fulcrum.Linux.Vrrp;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fulcrum.Integration.Tests.Ha;

/// <summary>Fulcrum's VRRP for one lab balancer, run in this process with its sockets in the balancer's namespace.</summary>
internal sealed class FulcrumNode : IAsyncDisposable
{
    private readonly TestMeterFactory _meters = new();
    private readonly VrrpHost _host;
    private readonly Task _collector;

    private FulcrumNode(VrrpHost host, VrrpMetrics metrics)
    {
        _host = host;
        Metrics = metrics;
        var reader = host.Transitions.Subscribe();
        _collector = Task.Run(async () =>
        {
            await foreach (var transition in reader.ReadAllAsync())
            {
                Transitions.Enqueue(transition);
            }
        });
    }

    public VrrpMetrics Metrics { get; }

    public ConcurrentQueue<VrrpTransition> Transitions { get; } = new();

    public IReadOnlyList<VrrpState> States => [.. _host.Node.Instances.Select(i => i.State)];

    public bool IsMaster => States.All(s => s == VrrpState.Master) && FeedCaughtUp;

    /// <summary>
    /// Every instance's last collected transition leads to its current state: the transition feed
    /// (read on another task) has caught up, so a count of <see cref="Transitions"/> taken now is not
    /// short of a transition the state already shows.
    /// </summary>
    public bool FeedCaughtUp => _host.Node.Instances.All(i => Transitions.LastOrDefault(t => t.Instance == i.Options.Name)?.To == i.State);

    public bool IsBackup => States.All(s => s == VrrpState.Backup) && FeedCaughtUp;

    /// <summary>A hand-over is in progress (read from outside the VRRP thread: for waiting on, not for exact steps).</summary>
    public bool IsHandingOver => _host.Node.IsHandingOver;

    /// <summary>A resigned master still holds VIPs, waiting for the new master (read as <see cref="IsHandingOver"/>).</summary>
    public bool IsReleasing => _host.Node.IsReleasing;

    public static Task<FulcrumNode> StartAsync(HaLabConfig config, string node, string networkNamespace) =>
        StartAsync(config.OptionsFor(node), networkNamespace);

    public static async Task<FulcrumNode> StartAsync(VrrpNodeOptions options, string networkNamespace)
    {
        var meters = new TestMeterFactory();
        var metrics = new VrrpMetrics(meters);
        var host = VrrpHost.Create(options, metrics, NullLoggerFactory.Instance, TimeProvider.System, networkNamespace);
        var started = new FulcrumNode(host, metrics);
        await host.StartAsync();
        return started;
    }

    /// <summary>Graceful hand-over (<c>fulcrum failover</c>): false when this node is not master.</summary>
    public Task<bool> HandOverAsync() => _host.Engine.HandOverAsync();

    /// <summary>Graceful stop (priority 0, VIPs removed).</summary>
    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _collector;
        _meters.Dispose();
    }
}
