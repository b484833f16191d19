using System.ComponentModel;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Fulcrum.Core.Firewall;
using Fulcrum.Daemon.Metrics;
using Fulcrum.Health.Sockets;
using Fulcrum.Linux.Conntrack;
using Fulcrum.Linux.Netlink;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Daemon.Hosting;

/// <summary>
/// Connection synchronisation with the peer (<c>ha.connection_sync</c>), so flows survive a
/// switch-over whatever the scheduler: the node follows its namespace's conntrack events for the data
/// plane's flows (a ct mark, DNAT, TCP) and sends each flow that becomes ESTABLISHED, and each that
/// ends, to the peer's private address in batched UDP datagrams (<see cref="ConntrackSyncCodec"/>);
/// it creates the flows the peer sends in its own conntrack (same tuple, same DNAT target, same mark)
/// and deletes those that ended there. Only the node that forwards a flow sees its events, so the
/// master sends and the backup receives without asking VRRP; events that this node's own inserts and
/// deletes cause are not sent back. A node that starts as backup asks for a resync (every
/// <see cref="ResyncRetry"/> until the master has answered): the master dumps its established flows
/// and sends them, then a "done" datagram. After the kernel dropped events (ENOBUFS) the node sends
/// every established flow again. Datagrams from any other source than the peer's private address are
/// dropped and counted (and the firewall admits only that address to the port).
/// </summary>
internal sealed class ConnectionSyncService : IHostedService, IAsyncDisposable
{
    /// <summary>How often a backup repeats its resync request until the master answers.</summary>
    public static readonly TimeSpan ResyncRetry = TimeSpan.FromSeconds(2);

    /// <summary>Room for a resync's burst of datagrams (about 270,000 flows).</summary>
    public const int ReceiveBufferBytes = 8 * 1024 * 1024;

    // How long a stop waits for queued flows to be sent.
    private static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(10);

    private readonly DaemonContext _context;
    private readonly VrrpService _vrrp;
    private readonly ConnectionSyncMetrics _metrics;
    private readonly ILogger _logger;
    private readonly Channel<Outgoing> _outgoing = Channel.CreateUnbounded<Outgoing>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private NamespaceSocketFactory? _sockets;
    private Socket? _socket;
    private ConntrackClient? _conntrack;
    private ConntrackEventFeed? _feed;
    private IPEndPoint? _peer;
    private Task _sendLoop = Task.CompletedTask;
    private Task _receiveLoop = Task.CompletedTask;
    private Task _resyncLoop = Task.CompletedTask;
    private volatile bool _resynced;
    private uint _sequence;
    private uint? _peerSequence;
    private long _insertedSinceRequest;
    private DateTimeOffset _lastRejectLog = DateTimeOffset.MinValue;
    private DateTimeOffset _lastSendErrorLog = DateTimeOffset.MinValue;

    public ConnectionSyncService(DaemonContext context, VrrpService vrrp, System.Diagnostics.Metrics.IMeterFactory meters, ILogger<ConnectionSyncService> logger)
    {
        _context = context;
        _vrrp = vrrp;
        _metrics = new ConnectionSyncMetrics(meters);
        _logger = logger;
    }

    /// <summary>True while syncing (configured on, and started).</summary>
    public bool IsRunning => _socket is not null;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var view = _context.Config.View;
        if (!view.Cluster.Ha.ConnectionSync.Enabled)
        {
            return Task.CompletedTask;
        }

        if (FirewallPolicyBuilder.SyncPeer(view) is not { } peer)
        {
            DaemonLog.SyncNoPeer(_logger);
            return Task.CompletedTask;
        }

        var netns = _context.Options.NetworkNamespace;
        var local = new IPEndPoint(view.PrivateAddress, peer.Port);
        try
        {
            _conntrack = ConntrackClient.Open(netns);
            if (netns is null)
            {
                _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            }
            else
            {
                _sockets = new NamespaceSocketFactory(netns);
                _socket = _sockets.Create(peer.Address, SocketType.Dgram, ProtocolType.Udp, source: null);
            }

            _socket.Bind(local);
            GrowReceiveBuffer(_socket);
            _feed = ConntrackEventFeed.Start(netns, uint.MaxValue, ProtocolType.Tcp, OnEvent, OnOverrun, OnFault);
        }
        catch (Exception failure) when (failure is SocketException or NetlinkException or Win32Exception or IOException or UnauthorizedAccessException)
        {
            DaemonLog.SyncStartFailed(_logger, failure.Message);
            Close();
            return Task.CompletedTask;
        }

        _peer = new IPEndPoint(peer.Address, peer.Port);
        DaemonLog.SyncStarted(_logger, local.ToString(), _peer.ToString());
        _sendLoop = Task.Run(SendLoopAsync, CancellationToken.None);
        _receiveLoop = Task.Run(() => ReceiveLoopAsync(_stopping.Token), CancellationToken.None);
        _resyncLoop = Task.Run(() => RequestResyncAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_socket is null)
        {
            return;
        }

        // Events first (no more flows queued), then what is queued goes out, then the receive side.
        _feed?.Dispose();
        _feed = null;
        _outgoing.Writer.TryComplete();
        await Task.WhenAny(_sendLoop, Task.Delay(FlushTimeout, _context.Time, cancellationToken)).ConfigureAwait(false);
        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_receiveLoop, _resyncLoop).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }

        _feed?.Dispose();
        _feed = null;
        _outgoing.Writer.TryComplete();
        await Task.WhenAll(_sendLoop, _receiveLoop, _resyncLoop).ConfigureAwait(false);
        Close();
        _stopping.Dispose();
    }

    // A resync answer arrives as a burst (100,000 flows are ~2,100 datagrams, 3 MB): the default
    // receive buffer (net.core.rmem_default, ~200 KB) would drop most of it. SO_RCVBUFFORCE passes
    // net.core.rmem_max as root (CAP_NET_ADMIN); without it, SO_RCVBUF gets what rmem_max allows.
    private static void GrowReceiveBuffer(Socket socket)
    {
        const int SolSocket = 1;
        const int SoRcvBufForce = 33;
        try
        {
            socket.SetRawSocketOption(SolSocket, SoRcvBufForce, BitConverter.GetBytes(ReceiveBufferBytes));
        }
        catch (SocketException)
        {
            socket.ReceiveBufferSize = ReceiveBufferBytes;
        }
    }

    private void Close()
    {
        _feed?.Dispose();
        _feed = null;
        _socket?.Dispose();
        _socket = null;
        _sockets?.Dispose();
        _sockets = null;
        _conntrack?.Dispose();
        _conntrack = null;
    }

    // The feed's thread: one event at a time, in the kernel's order.
    private void OnEvent(ConntrackEvent change)
    {
        var entry = change.Entry;
        if ((change.CausedBy != 0 && change.CausedBy == _conntrack!.PortId) || !entry.IsDestinationNat || !ConntrackSyncCodec.CanCarry(entry))
        {
            return;
        }

        if (change.Kind == ConntrackEventKind.Destroyed)
        {
            _outgoing.Writer.TryWrite(Outgoing.Flow(new ConntrackSyncRecord(ConntrackSyncOperation.Ended, entry)));
        }
        else if (entry.TcpState == ConntrackTcpState.Established)
        {
            _outgoing.Writer.TryWrite(Outgoing.Flow(new ConntrackSyncRecord(ConntrackSyncOperation.Established, entry)));
        }
    }

    private void OnOverrun()
    {
        _metrics.Overrun();
        SendEstablished("events were lost", done: false);
    }

    private void OnFault(Exception failure) => DaemonLog.SyncFailed(_logger, failure.Message);

    /// <summary>Queues every established flow of the data plane (a dump), then a "done" datagram when asked.</summary>
    private void SendEstablished(string why, bool done)
    {
        IReadOnlyList<ConntrackEntry> entries;
        try
        {
            entries = _conntrack!.List();
        }
        catch (NetlinkException failure)
        {
            DaemonLog.SyncFailed(_logger, "dumping conntrack: " + failure.Message);
            return;
        }

        var count = 0;
        foreach (var entry in entries)
        {
            if (entry.Mark != 0 && entry.Protocol == ProtocolType.Tcp && entry.TcpState == ConntrackTcpState.Established
                && entry.IsDestinationNat && ConntrackSyncCodec.CanCarry(entry))
            {
                _outgoing.Writer.TryWrite(Outgoing.Flow(new ConntrackSyncRecord(ConntrackSyncOperation.Established, entry)));
                count++;
            }
        }

        if (done)
        {
            _outgoing.Writer.TryWrite(Outgoing.Control(ConntrackSyncKind.ResyncDone));
        }

        DaemonLog.SyncBulkSent(_logger, count, why);
    }

    private async Task RequestResyncAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!_resynced && !IsMaster())
            {
                _outgoing.Writer.TryWrite(Outgoing.Control(ConntrackSyncKind.ResyncRequest));
                await Task.Delay(ResyncRetry, _context.Time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private bool IsMaster() => _vrrp.Status()?.State == "master";

    private async Task SendLoopAsync()
    {
        var buffer = new byte[ConntrackSyncCodec.MaxDatagramSize];
        var batch = new List<ConntrackSyncRecord>(ConntrackSyncCodec.MaxRecords);
        var reader = _outgoing.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            // Whatever is queued goes out now, up to a datagram's worth at a time; a control
            // datagram goes after the flows queued before it.
            while (reader.TryRead(out var item))
            {
                if (item.Record is { } record)
                {
                    batch.Add(record);
                    if (batch.Count == ConntrackSyncCodec.MaxRecords)
                    {
                        Send(buffer, ConntrackSyncKind.Flows, batch);
                    }
                }
                else
                {
                    Send(buffer, item.Kind, batch);
                }
            }

            if (batch.Count > 0)
            {
                Send(buffer, ConntrackSyncKind.Flows, batch);
            }
        }
    }

    private void Send(byte[] buffer, ConntrackSyncKind kind, List<ConntrackSyncRecord> batch)
    {
        var length = ConntrackSyncCodec.Write(buffer, kind, unchecked(++_sequence), batch);
        try
        {
            _socket!.SendTo(buffer.AsSpan(0, length), SocketFlags.None, _peer!);
            _metrics.Sent(Count(batch), 1);
        }
        catch (SocketException failure)
        {
            _metrics.SendFailed();
            var now = _context.Time.GetUtcNow();
            if (now - _lastSendErrorLog >= LogInterval)
            {
                _lastSendErrorLog = now;
                DaemonLog.SyncSendFailed(_logger, failure.Message);
            }
        }
        catch (ObjectDisposedException)
        {
        }

        batch.Clear();
    }

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[ConntrackSyncCodec.MaxDatagramSize + 1];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket!.ReceiveFromAsync(buffer, SocketFlags.None, any, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                // An ICMP error for an earlier send (the peer is down): nothing to read, go on.
                await Task.Delay(TimeSpan.FromMilliseconds(10), _context.Time, CancellationToken.None).ConfigureAwait(false);
                continue;
            }

            var from = (IPEndPoint)received.RemoteEndPoint;
            if (!from.Address.Equals(_peer!.Address))
            {
                Reject(from, "not the peer's address");
                continue;
            }

            var datagram = ConntrackSyncCodec.Read(buffer.AsSpan(0, received.ReceivedBytes), out var error);
            if (datagram is null)
            {
                Reject(from, error!);
                continue;
            }

            if (_peerSequence is { } last && datagram.Sequence > last + 1)
            {
                _metrics.Lost(datagram.Sequence - last - 1);
            }

            _peerSequence = datagram.Sequence;
            _metrics.Received(Count(datagram.Records));
            Apply(datagram.Records);
            switch (datagram.Kind)
            {
                case ConntrackSyncKind.ResyncRequest when IsMaster():
                    SendEstablished("the peer asked for a resync", done: true);
                    break;
                case ConntrackSyncKind.ResyncDone when !_resynced:
                    _resynced = true;
                    DaemonLog.SyncResynced(_logger, Interlocked.Read(ref _insertedSinceRequest));
                    break;
                default:
                    break;
            }
        }
    }

    private void Reject(IPEndPoint from, string reason)
    {
        _metrics.Rejected(reason.StartsWith("not the peer", StringComparison.Ordinal) ? "source" : "malformed");
        var now = _context.Time.GetUtcNow();
        if (now - _lastRejectLog >= LogInterval)
        {
            _lastRejectLog = now;
            DaemonLog.SyncRejected(_logger, from.ToString(), reason);
        }
    }

    /// <summary>Applies records in order, each run of the same operation in one batch.</summary>
    private void Apply(IReadOnlyList<ConntrackSyncRecord> records)
    {
        for (var start = 0; start < records.Count;)
        {
            var operation = records[start].Operation;
            var end = start;
            while (end < records.Count && records[end].Operation == operation)
            {
                end++;
            }

            var run = records.Skip(start).Take(end - start).Select(r => r.Entry).ToList();
            if (operation == ConntrackSyncOperation.Established)
            {
                Insert(run);
            }
            else
            {
                Delete(run);
            }

            start = end;
        }
    }

    private void Insert(List<ConntrackEntry> entries)
    {
        try
        {
            var result = _conntrack!.Insert(entries);
            Interlocked.Add(ref _insertedSinceRequest, result.Inserted);
            _metrics.Applied("inserted", result.Inserted);
            _metrics.Applied("existing", result.Existing);
            _metrics.Applied("failed", result.Failed);
            if (result.Failed > 0)
            {
                DaemonLog.SyncInsertFailed(_logger, result.Failed, result.Failures[0].ToString());
            }
        }
        catch (NetlinkException failure)
        {
            _metrics.Applied("failed", entries.Count);
            DaemonLog.SyncInsertFailed(_logger, entries.Count, failure.Message);
        }
    }

    private void Delete(List<ConntrackEntry> entries)
    {
        try
        {
            var result = _conntrack!.DeleteByTuple([.. entries.Select(e => e.Original)]);
            _metrics.Applied("deleted", result.Deleted);
            _metrics.Applied("absent", result.Vanished);
        }
        catch (NetlinkException failure)
        {
            _metrics.Applied("failed", entries.Count);
            DaemonLog.SyncInsertFailed(_logger, entries.Count, failure.Message);
        }
    }

    private static ConntrackSyncCounts Count(IReadOnlyList<ConntrackSyncRecord> records)
    {
        var established = records.Count(r => r.Operation == ConntrackSyncOperation.Established);
        return new ConntrackSyncCounts(established, records.Count - established);
    }

    private readonly record struct Outgoing(ConntrackSyncKind Kind, ConntrackSyncRecord? Record)
    {
        public static Outgoing Flow(ConntrackSyncRecord record) => new(ConntrackSyncKind.Flows, record);

        public static Outgoing Control(ConntrackSyncKind kind) => new(kind, null);
    }
}
