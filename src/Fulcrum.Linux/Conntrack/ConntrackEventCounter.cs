using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Linux.Conntrack;

/// <summary>
/// Current connections per ct mark, kept up to date from conntrack events instead of a dump per
/// reading: joins NFNLGRP_CONNTRACK_NEW, _UPDATE (TCP state changes) and _DESTROY (what
/// <c>conntrack -E</c> shows), seeds itself from one dump, and dumps again whenever the kernel
/// reports ENOBUFS (events were dropped because the socket's buffer overflowed). Reading the
/// counts then costs a dictionary copy, whatever the table's size.
/// </summary>
/// <remarks>
/// The kernel attaches the event extension to an entry when it is created, and with the default
/// <c>net.netfilter.nf_conntrack_events=2</c> only while some socket listens: an entry created
/// before the first listener never reports its DESTROY, so it stays counted until the next
/// resync. Set <c>nf_conntrack_events=1</c> in the balancer's namespace (the sysctl is per
/// namespace) so that entries created while the daemon is down report too, and call
/// <see cref="Resync"/> now and then (e.g. every few minutes) to bound any drift. Packets and bytes
/// are not in events (only DESTROY carries counters); read them with
/// <see cref="ConntrackClient.CountByMark"/> at a slower pace.
/// </remarks>
public sealed class ConntrackEventCounter : IDisposable
{
    /// <summary>Room for bursts of events: roughly 20,000 queued NEW events of ~300 bytes' truesize each.</summary>
    public const int DefaultReceiveBufferBytes = 8 * 1024 * 1024;

    // How often the background thread wakes up to notice Dispose when no event arrives.
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    private readonly NetlinkClient _events;
    private readonly ConntrackClient _dumper;
    private readonly ConntrackFlowTable _table;
    private readonly Lock _gate = new();
    private Thread? _thread;
    private volatile bool _stopping;
    private volatile Exception? _fault;
    private long _eventsApplied;
    private int _resyncs;

    internal ConntrackEventCounter(NetlinkClient events, ConntrackClient dumper, uint markMask)
    {
        _events = events;
        _dumper = dumper;
        _table = new ConntrackFlowTable(markMask);
    }

    /// <summary>Events applied since the start.</summary>
    public long EventsApplied => Interlocked.Read(ref _eventsApplied);

    /// <summary>Dumps taken: the initial one, one per ENOBUFS, and explicit <see cref="Resync"/> calls.</summary>
    public int Resyncs => Volatile.Read(ref _resyncs);

    /// <summary>
    /// Subscribes in <paramref name="networkNamespace"/> (the caller's when null), takes the
    /// initial dump and starts the background thread that applies events.
    /// </summary>
    /// <param name="networkNamespace">The balancer's namespace; the caller's when null.</param>
    /// <param name="markMask">Counts are grouped by ct mark &amp; mask.</param>
    /// <param name="receiveBufferBytes">Room for event bursts before the kernel drops events (ENOBUFS, then a resync).</param>
    /// <param name="followStateChanges">
    /// Also join NFNLGRP_CONNTRACK_UPDATE, which keeps Active/Inactive right as TCP flows change
    /// state, at the price of several more events per connection. Without it, totals stay exact
    /// but a flow keeps the activity it had when created (a DNAT'ed TCP flow: inactive, SYN_SENT)
    /// until the next resync.
    /// </param>
    public static ConntrackEventCounter Start(string? networkNamespace = null, uint markMask = uint.MaxValue, int receiveBufferBytes = DefaultReceiveBufferBytes, bool followStateChanges = true)
    {
        // Subscribe before the dump: an event that races the dump is then applied after it (an
        // idempotent upsert or remove) instead of being lost.
        uint[] groups = followStateChanges
            ? [NfConntrack.NFNLGRP_CONNTRACK_NEW, NfConntrack.NFNLGRP_CONNTRACK_UPDATE, NfConntrack.NFNLGRP_CONNTRACK_DESTROY]
            : [NfConntrack.NFNLGRP_CONNTRACK_NEW, NfConntrack.NFNLGRP_CONNTRACK_DESTROY];
        var socket = NetlinkSocket.Open(NetlinkProtocol.Netfilter, networkNamespace, PollInterval, groups);
        var events = new NetlinkClient(socket);
        ConntrackClient? dumper = null;
        try
        {
            events.EnsureReceiveBuffer(receiveBufferBytes);
            dumper = ConntrackClient.Open(networkNamespace);
            var counter = new ConntrackEventCounter(events, dumper, markMask);
            counter.Resync();
            counter._thread = new Thread(counter.Run) { IsBackground = true, Name = "conntrack events" };
            counter._thread.Start();
            return counter;
        }
        catch
        {
            events.Dispose();
            dumper?.Dispose();
            throw;
        }
    }

    /// <summary>Current connections per masked ct mark (marks 0 left out); packets and bytes are 0.</summary>
    /// <exception cref="InvalidOperationException">The event thread failed; the counts are no longer maintained.</exception>
    public IReadOnlyDictionary<uint, ConnectionCounts> Snapshot()
    {
        if (_fault is { } fault)
        {
            throw new InvalidOperationException("The conntrack event counter stopped: " + fault.Message, fault);
        }

        lock (_gate)
        {
            return _table.Snapshot();
        }
    }

    /// <summary>Rebuilds the counts from a dump (the kernel's table as it is now).</summary>
    public void Resync()
    {
        lock (_gate)
        {
            _dumper.DumpSummaries(_table.Clear, flow => _table.Apply(flow));
            Interlocked.Increment(ref _resyncs);
        }
    }

    /// <summary>Receives and applies one datagram of events; resyncs after ENOBUFS. False when none arrived in time.</summary>
    internal bool Pump()
    {
        try
        {
            return _events.ReceiveNotifications((in NetlinkMessage message) =>
            {
                lock (_gate)
                {
                    if (ConntrackEntryParser.IsEntry(message))
                    {
                        _table.Apply(ConntrackEntryParser.Summarize(message));
                    }
                    else if (ConntrackEntryParser.IsDestroy(message))
                    {
                        _table.Remove(ConntrackEntryParser.Summarize(message).Key);
                    }
                    else
                    {
                        return;
                    }

                    Interlocked.Increment(ref _eventsApplied);
                }
            });
        }
        catch (NetlinkException overrun) when (overrun.Errno == Errno.ENOBUFS)
        {
            Resync();
            return true;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stopping = true;
        _thread?.Join();
        _events.Dispose();
        _dumper.Dispose();
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
#pragma warning disable CA1031 // Reported by Snapshot, on the reader's thread.
        catch (Exception failure)
#pragma warning restore CA1031
        {
            _fault = failure;
        }
    }
}
