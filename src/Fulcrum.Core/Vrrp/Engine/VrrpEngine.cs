using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Core.Vrrp;

/// <summary>
/// Runs a <see cref="VrrpNode"/> on dedicated threads (not the thread pool, so a busy pool, a health
/// check or a reload never delays an advert). Two node threads do all the work — read and check
/// what the sockets hold, timers, sends, addresses, announcements, tracking — each waiting for the
/// next input or the next deadline, taking turns under one lock: whichever wakes first does what is
/// due, the other then finds it done. The main one (<c>vrrp</c>) runs real-time on Linux and wins
/// against busy processes; the standby (<c>vrrp-standby</c>) stays in the normal class, which the
/// kernel puts on an idle CPU when the main one's CPU is held by a long kernel section (a large
/// nf_tables commit), where a real-time thread would wait for it. One receive thread per channel
/// only waits for a datagram and wakes them; every turn reads every socket before any timer fires,
/// so adverts are handled in the order they came (HMAC replay counters rely on it), and a receive
/// thread held off its CPU never turns into a false Master_Down.
/// </summary>
public sealed class VrrpEngine : IAsyncDisposable
{
    private const int DrainLimit = 64;
    private static readonly TimeSpan ReceivePollInterval = TimeSpan.FromMilliseconds(200);

    private readonly VrrpNode _node;
    private readonly IReadOnlyList<IVrrpChannel> _channels;
    private readonly IReadOnlyList<VrrpReceivePath> _receivePaths;
    private readonly ILogger _logger;
    private readonly ConcurrentQueue<EngineInput> _inputs = new();
    private readonly AutoResetEvent[] _wakes = [new(false), new(false)];
    private readonly AutoResetEvent[] _drained;
    private readonly Lock _gate = new();

    // Datagrams read by whichever node thread drains the channels (only under _gate).
    private readonly byte[] _drainBuffer = new byte[65536];
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<Thread> _receiveThreads = [];
    private readonly List<Thread> _nodeThreads = [];
    private readonly TaskCompletionSource _receiversJoined = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Action? _onThreadStart;
    private readonly Action? _onStandbyThreadStart;
    private volatile bool _receiving;
    private volatile bool _finished;
    private bool _nodeStarted;
    private int _stopRequested;
    private int _disposed;

    /// <summary>Creates the engine; <paramref name="channels"/> and <paramref name="receivePaths"/> are per member, in member order.</summary>
    /// <param name="node">The node to run.</param>
    /// <param name="channels">One channel per member.</param>
    /// <param name="receivePaths">One receive path per member.</param>
    /// <param name="logger">Where failures are logged.</param>
    /// <param name="onThreadStart">
    /// Run first on the main VRRP thread and on every receive thread (the Linux host raises them to
    /// real-time scheduling there). The receive threads need it as much as the timer thread: a
    /// real-time timer thread whose adverts wait behind a starved receive thread fires
    /// Master_Down on a loaded machine although the master never stopped speaking.
    /// </param>
    /// <param name="onStandbyThreadStart">Run first on the standby VRRP thread (the Linux host gives it nice -20 in the normal class).</param>
    public VrrpEngine(VrrpNode node, IReadOnlyList<IVrrpChannel> channels, IReadOnlyList<VrrpReceivePath> receivePaths, ILogger logger, Action? onThreadStart = null, Action? onStandbyThreadStart = null)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(channels);
        ArgumentNullException.ThrowIfNull(receivePaths);
        ArgumentNullException.ThrowIfNull(logger);
        if (channels.Count != node.Options.Members.Count || receivePaths.Count != channels.Count)
        {
            throw new ArgumentException("One channel and one receive path per member.", nameof(channels));
        }

        _node = node;
        _channels = channels;
        _drained = [.. channels.Select(_ => new AutoResetEvent(false))];
        _receivePaths = receivePaths;
        _logger = logger;
        _onThreadStart = onThreadStart;
        _onStandbyThreadStart = onStandbyThreadStart;
    }

    /// <summary>Completes when the VRRP threads have ended (after a graceful stop, or a failure).</summary>
    public Task Completion => _stopped.Task;

    /// <summary>Starts the receive threads and the two VRRP threads; completes once the group has started.</summary>
    public Task StartAsync()
    {
        if (_nodeThreads.Count > 0)
        {
            throw new InvalidOperationException("The engine was started already.");
        }

        _receiving = true;
        for (var i = 0; i < _channels.Count; i++)
        {
            var member = i;
            var thread = new Thread(() => ReceiveLoop(member))
            {
                IsBackground = true,
                Name = "vrrp-rx " + _channels[i].InterfaceName,
            };
            _receiveThreads.Add(thread);
            thread.Start();
        }

        _nodeThreads.Add(new Thread(() => Run(0, _onThreadStart)) { IsBackground = true, Name = "vrrp", Priority = ThreadPriority.Highest });
        _nodeThreads.Add(new Thread(() => Run(1, _onStandbyThreadStart)) { IsBackground = true, Name = "vrrp-standby", Priority = ThreadPriority.Highest });
        foreach (var thread in _nodeThreads)
        {
            thread.Start();
        }

        return _started.Task;
    }

    /// <summary>Reports a tracked object's state (health quorum, a command); applied on a VRRP thread.</summary>
    public void SetTrackedState(string name, bool up) => Post(new EngineInput(EngineInputKind.Tracked, name, up));

    /// <summary>
    /// Graceful hand-over (see <see cref="VrrpNode.HandOver"/>), run on a VRRP thread; completes with
    /// false when this node was not master.
    /// </summary>
    public Task<bool> HandOverAsync()
    {
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(new EngineInput(EngineInputKind.HandOver, null, false, done));
        return done.Task;
    }

    /// <summary>
    /// Graceful stop: a master sends priority 0 and removes its VIPs once the new master is heard
    /// (at most <see cref="VrrpNode.ReleaseTimeout"/>); then the threads end. Safe to call again
    /// (later calls wait for the first to finish).
    /// </summary>
    public Task StopAsync() => StopAsync(EngineInputKind.Stop);

    /// <summary>
    /// Stop for a restart of the process: no resignation, the VIPs stay (<see cref="VrrpNode.StopForRestart"/>);
    /// then the threads end.
    /// </summary>
    public Task StopForRestartAsync() => StopAsync(EngineInputKind.StopForRestart);

    private async Task StopAsync(EngineInputKind kind)
    {
        if (_nodeThreads.Count == 0)
        {
            return;
        }

        if (Interlocked.Exchange(ref _stopRequested, 1) == 1)
        {
            await _receiversJoined.Task.ConfigureAwait(false);
            return;
        }

        Post(new EngineInput(kind, null, false));
        try
        {
            await _stopped.Task.ConfigureAwait(false);
        }
        catch (Exception) when (_stopped.Task.IsFaulted)
        {
            // A thread failed earlier; that was logged and is visible through Completion.
        }
        finally
        {
            _receiving = false;
            foreach (var thread in _receiveThreads.Concat(_nodeThreads))
            {
                thread.Join();
            }

            _receiversJoined.TrySetResult();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await StopAsync().ConfigureAwait(false);
        foreach (var signal in _wakes.Concat(_drained))
        {
            signal.Dispose();
        }
    }

    private void Post(EngineInput input)
    {
        _inputs.Enqueue(input);
        WakeAll();
    }

    private void WakeAll()
    {
        foreach (var wake in _wakes)
        {
            wake.Set();
        }
    }

    private void Run(int index, Action? onThreadStart)
    {
        try
        {
            onThreadStart?.Invoke();
            while (true)
            {
                TimeSpan? wait;
                lock (_gate)
                {
                    if (_finished)
                    {
                        return;
                    }

                    if (!_nodeStarted)
                    {
                        _node.Start();
                        _nodeStarted = true;
                        _started.TrySetResult();
                    }

                    wait = Turn();
                    if (wait == TimeSpan.Zero)
                    {
                        _finished = true;
                        _stopped.TrySetResult();
                        WakeAll();
                        return;
                    }
                }

                // Round up: waking a little late costs less than waking early and waiting again.
                _wakes[index].WaitOne(wait is { } span ? TimeSpan.FromMilliseconds(Math.Ceiling(span.TotalMilliseconds)) : Timeout.InfiniteTimeSpan);
            }
        }
#pragma warning disable CA1031 // Reported through the log and Completion; the caller decides what to do.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            VrrpLog.EngineFailed(_logger, exception);
            _finished = true;
            _started.TrySetException(exception);
            _stopped.TrySetException(exception);
            WakeAll();
        }
    }

    // One turn under the gate: inputs, the datagrams the sockets hold, due timers. Returns how long to
    // wait for the next turn (null: until an input), or zero when the node has stopped and released everything.
    private TimeSpan? Turn()
    {
        while (true)
        {
            while (_inputs.TryDequeue(out var input))
            {
                Handle(input);
            }

            DrainChannels();
            _node.RunDueTimers();
            if (!_node.IsRunning && !_node.IsReleasing)
            {
                return TimeSpan.Zero;
            }

            var wait = _node.TimeToNextDeadline();
            if (_inputs.IsEmpty && wait != TimeSpan.Zero)
            {
                return wait;
            }
        }
    }

    private void Handle(EngineInput input)
    {
        switch (input.Kind)
        {
            case EngineInputKind.Tracked:
                _node.SetTrackedState(input.Name!, input.Up);
                break;
            case EngineInputKind.HandOver:
                input.Done!.TrySetResult(_node.HandOver());
                break;
            case EngineInputKind.Stop:
                // A master resigns now and keeps its VIPs until the new master is heard (bounded).
                _node.BeginStop();
                break;
            case EngineInputKind.StopForRestart:
                _node.StopForRestart();
                break;
        }
    }

    // Every datagram the sockets hold, in arrival order per channel, through the receive path, before
    // any timer fires. At most DrainLimit per channel and turn, so a flood cannot hold the timers back.
    private void DrainChannels()
    {
        for (var member = 0; member < _channels.Count; member++)
        {
            for (var read = 0; read < DrainLimit; read++)
            {
                var length = TryReceiveQueued(_channels[member]);
                if (length < 0)
                {
                    break;
                }

                if (_receivePaths[member].TryAccept(_drainBuffer.AsSpan(0, length), out var advertisement, out var source))
                {
                    _node.OnAdvert(member, advertisement!, source!);
                }
            }

            _drained[member].Set();
        }
    }

    private int TryReceiveQueued(IVrrpChannel channel)
    {
        try
        {
            return channel.TryReceive(_drainBuffer);
        }
#pragma warning disable CA1031 // The receive thread reports receive errors (and keeps trying); a drain only skips the channel.
        catch (Exception)
#pragma warning restore CA1031
        {
            return -1;
        }
    }

    // Waits for a datagram, wakes the node threads, and waits until a turn has read the socket
    // (at most one poll interval) before it polls again: poll stays readable until then.
    private void ReceiveLoop(int member)
    {
        _onThreadStart?.Invoke();
        var channel = _channels[member];
        while (_receiving)
        {
            try
            {
                if (channel.WaitUntilReadable(ReceivePollInterval))
                {
                    WakeAll();
                    _drained[member].WaitOne(ReceivePollInterval);
                }
            }
            catch (ObjectDisposedException)
            {
                return;
            }
#pragma warning disable CA1031 // A receive error is logged; the loop goes on (the socket may recover, e.g. link up again).
            catch (Exception exception)
#pragma warning restore CA1031
            {
                VrrpLog.ReceiveFailed(_logger, channel.InterfaceName, exception);
                Thread.Sleep(ReceivePollInterval);
            }
        }
    }

    private enum EngineInputKind
    {
        Tracked,
        Stop,
        StopForRestart,
        HandOver,
    }

    private sealed record EngineInput(EngineInputKind Kind, string? Name, bool Up, TaskCompletionSource<bool>? Done = null);
}
