using System.Net.Sockets;
using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Linux.Conntrack;

/// <summary>
/// The conntrack events of one network namespace (NFNLGRP_CONNTRACK_NEW, _UPDATE and _DESTROY, what
/// <c>conntrack -E</c> shows), handed one by one to a callback on a background thread. Only events of
/// entries with a ct mark in <c>markMask</c> (and of one protocol, when given) are parsed and
/// delivered: the others cost a summary read, no allocation. When the kernel drops events because the
/// socket's buffer overflowed (ENOBUFS) the overrun callback runs: the consumer's view is stale and
/// should be rebuilt from a dump.
/// </summary>
public sealed class ConntrackEventFeed : IDisposable
{
    // How often the thread wakes up to notice Dispose when no event arrives.
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    private readonly NetlinkClient _events;
    private readonly uint _markMask;
    private readonly ProtocolType? _protocol;
    private readonly Action<ConntrackEvent> _onEvent;
    private readonly Action _onOverrun;
    private readonly Action<Exception> _onFault;
    private Thread? _thread;
    private volatile bool _stopping;

    private ConntrackEventFeed(NetlinkClient events, uint markMask, ProtocolType? protocol, Action<ConntrackEvent> onEvent, Action onOverrun, Action<Exception> onFault)
    {
        _events = events;
        _markMask = markMask;
        _protocol = protocol;
        _onEvent = onEvent;
        _onOverrun = onOverrun;
        _onFault = onFault;
    }

    /// <summary>
    /// Subscribes in <paramref name="networkNamespace"/> (the caller's when null) and starts the thread.
    /// Events already queued before the call are not seen; take a dump after it to know the table.
    /// </summary>
    /// <param name="networkNamespace">The namespace; the caller's when null.</param>
    /// <param name="markMask">Only entries whose <c>mark &amp; markMask</c> is not 0 are delivered.</param>
    /// <param name="protocol">Only entries of this protocol are delivered; all when null.</param>
    /// <param name="onEvent">Runs on the feed's thread for each event, in the kernel's order.</param>
    /// <param name="onOverrun">Runs on the feed's thread after the kernel dropped events (ENOBUFS).</param>
    /// <param name="onFault">Runs once if the feed stops on an error (the socket failed).</param>
    /// <param name="receiveBufferBytes">Room for bursts of events before the kernel drops them.</param>
    public static ConntrackEventFeed Start(
        string? networkNamespace,
        uint markMask,
        ProtocolType? protocol,
        Action<ConntrackEvent> onEvent,
        Action onOverrun,
        Action<Exception> onFault,
        int receiveBufferBytes = ConntrackEventCounter.DefaultReceiveBufferBytes)
    {
        ArgumentNullException.ThrowIfNull(onEvent);
        ArgumentNullException.ThrowIfNull(onOverrun);
        ArgumentNullException.ThrowIfNull(onFault);
        uint[] groups = [NfConntrack.NFNLGRP_CONNTRACK_NEW, NfConntrack.NFNLGRP_CONNTRACK_UPDATE, NfConntrack.NFNLGRP_CONNTRACK_DESTROY];
        var events = new NetlinkClient(NetlinkSocket.Open(NetlinkProtocol.Netfilter, networkNamespace, PollInterval, groups));
        try
        {
            events.EnsureReceiveBuffer(receiveBufferBytes);
            var feed = new ConntrackEventFeed(events, markMask, protocol, onEvent, onOverrun, onFault);
            feed._thread = new Thread(feed.Run) { IsBackground = true, Name = "conntrack feed" };
            feed._thread.Start();
            return feed;
        }
        catch
        {
            events.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stopping = true;
        _thread?.Join();
        _events.Dispose();
    }

    /// <summary>Receives and delivers one datagram of events; false when none arrived in time.</summary>
    internal bool Pump()
    {
        try
        {
            return _events.ReceiveNotifications((in NetlinkMessage message) =>
            {
                ConntrackEventKind kind;
                if (ConntrackEntryParser.IsEntry(message))
                {
                    kind = ConntrackEventKind.Changed;
                }
                else if (ConntrackEntryParser.IsDestroy(message))
                {
                    kind = ConntrackEventKind.Destroyed;
                }
                else
                {
                    return;
                }

                var summary = ConntrackEntryParser.Summarize(message);
                if ((summary.Mark & _markMask) == 0 || (_protocol is { } protocol && summary.Protocol != protocol))
                {
                    return;
                }

                _onEvent(new ConntrackEvent(kind, ConntrackEntryParser.Parse(message), message.PortId));
            });
        }
        catch (NetlinkException overrun) when (overrun.Errno == Errno.ENOBUFS)
        {
            _onOverrun();
            return true;
        }
    }

    private void Run()
    {
        try
        {
            while (!_stopping)
            {
                Pump();
            }
        }
#pragma warning disable CA1031 // Handed to the owner, on this thread: nothing above it to catch it.
        catch (Exception failure)
#pragma warning restore CA1031
        {
            _onFault(failure);
        }
    }
}
