using Fulcrum.Core.Vrrp;
using Fulcrum.Linux.Arp;
using Fulcrum.Linux.Rtnetlink;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Linux.Vrrp;

/// <summary>
/// One node's VRRP wired to the kernel: a raw-socket channel per member, rtnetlink addresses,
/// AF_PACKET announcements, the flow hand-off in nftables (<see cref="NftFlowHandOff"/>, unless
/// turned off), the engine thread, and the notify runner when a command is given.
/// Every socket is created in <c>networkNamespace</c> when one is named (tests run several nodes in
/// one process that way), else in the process's namespace (<c>ip netns exec NS fulcrum vrrp ...</c>).
/// </summary>
public sealed class VrrpHost : IAsyncDisposable
{
    private readonly RtnetlinkAddressControl _addresses;
    private readonly PacketSocketArpSender _arp;
    private readonly IReadOnlyList<VrrpRawSocketChannel> _channels;
    private readonly VrrpNotifyRunner? _notify;
    private readonly IReadOnlyList<VrrpCommandTracker> _trackers;
    private readonly NftFlowHandOff? _flowHandOff;

    private VrrpHost(
        VrrpNode node,
        VrrpEngine engine,
        VrrpTransitionFeed transitions,
        RtnetlinkAddressControl addresses,
        PacketSocketArpSender arp,
        IReadOnlyList<VrrpRawSocketChannel> channels,
        VrrpNotifyRunner? notify,
        IReadOnlyList<VrrpCommandTracker> trackers,
        NftFlowHandOff? flowHandOff)
    {
        _flowHandOff = flowHandOff;
        _trackers = trackers;
        Node = node;
        Engine = engine;
        Transitions = transitions;
        _addresses = addresses;
        _arp = arp;
        _channels = channels;
        _notify = notify;
    }

    /// <summary>The node (its instances' states are safe to read from any thread).</summary>
    public VrrpNode Node { get; }

    /// <summary>The engine thread.</summary>
    public VrrpEngine Engine { get; }

    /// <summary>Every transition, for notify commands and a runtime API.</summary>
    public VrrpTransitionFeed Transitions { get; }

    /// <summary>Opens the kernel adapters and builds the engine; nothing is sent until <see cref="StartAsync"/>.</summary>
    public static VrrpHost Create(
        VrrpNodeOptions options,
        VrrpMetrics metrics,
        ILoggerFactory loggerFactory,
        TimeProvider time,
        string? networkNamespace = null,
        IVrrpNotifyCommand? notifyCommand = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ArgumentNullException.ThrowIfNull(time);
        var logger = loggerFactory.CreateLogger("Fulcrum.Vrrp");
        var channels = new List<VrrpRawSocketChannel>();
        RtnetlinkAddressControl? addresses = null;
        PacketSocketArpSender? arp = null;
        NftFlowHandOff? flowHandOff = null;
        try
        {
            addresses = RtnetlinkAddressControl.Open(networkNamespace);
            arp = PacketSocketArpSender.Open(networkNamespace);
            flowHandOff = options.FlowHandOff > TimeSpan.Zero ? NftFlowHandOff.Create(logger, networkNamespace, metrics) : null;
            foreach (var member in options.Members)
            {
                channels.Add(VrrpRawSocketChannel.Open(
                    member.Interface,
                    member.Instance.PrimaryAddress,
                    joinMulticastGroup: member.UnicastPeers.Count == 0,
                    networkNamespace));
            }

            var feed = new VrrpTransitionFeed();
            var notify = notifyCommand is null ? null : new VrrpNotifyRunner(feed, notifyCommand, logger);
            var node = new VrrpNode(options, channels, addresses, arp, feed, metrics, logger, time, flowHandOff);
            var paths = options.Members
                .Select(m => new VrrpReceivePath(m.Interface, new VrrpReceiveFilter(VrrpNodeOptionsFactory.CreateFilterOptions(m, time)), metrics, logger, time))
                .ToList();
            var engine = new VrrpEngine(
                node,
                channels,
                paths,
                logger,
                onThreadStart: () => RealtimeScheduling.TryApplyToCurrentThread(),
                onStandbyThreadStart: () => RealtimeScheduling.TryApplyStandbyToCurrentThread());
            var command = new ProcessTrackCommand();
            var trackers = options.TrackedCommands
                .Select(c => new VrrpCommandTracker(c, command, engine.SetTrackedState, logger, time))
                .ToList();
            return new VrrpHost(node, engine, feed, addresses, arp, channels, notify, trackers, flowHandOff);
        }
        catch
        {
            foreach (var channel in channels)
            {
                channel.Dispose();
            }

            addresses?.Dispose();
            arp?.Dispose();
            flowHandOff?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }

    /// <summary>
    /// Starts the engine, then the track commands; completes once the group has started (stale
    /// VIPs removed, instances in Backup or Fault).
    /// </summary>
    public async Task StartAsync()
    {
        await Engine.StartAsync().ConfigureAwait(false);
        foreach (var tracker in _trackers)
        {
            tracker.Start();
        }
    }

    /// <summary>Graceful stop: the track commands end, a master resigns with priority 0 and removes its VIPs.</summary>
    public async Task StopAsync()
    {
        await StopTrackersAsync().ConfigureAwait(false);
        await Engine.StopAsync().ConfigureAwait(false);
    }

    /// <summary>Stop for a restart: the track commands end; no resignation, the VIPs stay for the next run to resume.</summary>
    public async Task StopForRestartAsync()
    {
        await StopTrackersAsync().ConfigureAwait(false);
        await Engine.StopForRestartAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopTrackersAsync().ConfigureAwait(false);
        await Engine.DisposeAsync().ConfigureAwait(false);
        Transitions.Complete();
        if (_notify is not null)
        {
            await _notify.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var channel in _channels)
        {
            channel.Dispose();
        }

        _addresses.Dispose();
        _arp.Dispose();
        if (_flowHandOff is not null)
        {
            await _flowHandOff.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task StopTrackersAsync()
    {
        foreach (var tracker in _trackers)
        {
            await tracker.DisposeAsync().ConfigureAwait(false);
        }
    }
}
