using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Core.Vrrp;

/// <summary>
/// Runs a <see cref="VrrpNode"/> on a dedicated thread (not the thread pool, so a busy pool, a
/// health check or a reload never delays an advert). Each channel has its own receive thread that
/// runs the receive path and hands accepted adverts over; the VRRP thread waits for the next input
/// or the next deadline, whichever comes first, and does everything else: timers, sends, addresses,
/// announcements, tracking.
/// </summary>
public sealed class VrrpEngine : IAsyncDisposable
{
    private static readonly TimeSpan ReceivePollInterval = TimeSpan.FromMilliseconds(200);

    private readonly VrrpNode _node;
    private readonly IReadOnlyList<IVrrpChannel> _channels;
    private readonly IReadOnlyList<VrrpReceivePath> _receivePaths;
    private readonly ILogger _logger;
    private readonly ConcurrentQueue<EngineInput> _inputs = new();
    private readonly AutoResetEvent _wake = new(false);
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<Thread> _receiveThreads = [];
    private readonly TaskCompletionSource _receiversJoined = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _receiving;
    private Thread? _thread;
    private int _stopRequested;
    private int _disposed;

    private readonly Action? _onThreadStart;

    /// <summary>Creates the engine; <paramref name="channels"/> and <paramref name="receivePaths"/> are per member, in member order.</summary>
    /// <param name="node">The node to run.</param>
    /// <param name="channels">One channel per member.</param>
    /// <param name="receivePaths">One receive path per member.</param>
    /// <param name="logger">Where failures are logged.</param>
    /// <param name="onThreadStart">
    /// Run first on the VRRP thread and on every receive thread (the Linux host raises them to
    /// real-time scheduling there). The receive threads need it as much as the timer thread: a
    /// real-time timer thread whose adverts wait behind a starved receive thread fires
    /// Master_Down on a loaded machine although the master never stopped speaking.
    /// </param>
    public VrrpEngine(VrrpNode node, IReadOnlyList<IVrrpChannel> channels, IReadOnlyList<VrrpReceivePath> receivePaths, ILogger logger, Action? onThreadStart = null)
    {
        _onThreadStart = onThreadStart;
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
        _receivePaths = receivePaths;
        _logger = logger;
    }

    /// <summary>Completes when the VRRP thread has ended (after a graceful stop, or a failure).</summary>
    public Task Completion => _stopped.Task;

    /// <summary>Starts the receive threads and the VRRP thread; completes once the group has started.</summary>
    public Task StartAsync()
    {
        if (_thread is not null)
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

        _thread = new Thread(Run)
        {
            IsBackground = true,
            Name = "vrrp",
            Priority = ThreadPriority.Highest,
        };
        _thread.Start();
        return _started.Task;
    }

    /// <summary>Reports a tracked object's state (health quorum, a command); applied on the VRRP thread.</summary>
    public void SetTrackedState(string name, bool up) => Post(new EngineInput(EngineInputKind.Tracked, -1, null, null, name, up));

    /// <summary>
    /// Graceful hand-over (see <see cref="VrrpNode.HandOver"/>), run on the VRRP thread; completes with
    /// false when this node was not master.
    /// </summary>
    public Task<bool> HandOverAsync()
    {
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(new EngineInput(EngineInputKind.HandOver, -1, null, null, null, false, done));
        return done.Task;
    }

    /// <summary>
    /// Graceful stop: a master sends priority 0 and removes its VIPs once the new master is heard
    /// (at most <see cref="VrrpNode.ReleaseTimeout"/>); then the threads end. Safe to call again
    /// (later calls wait for the first to finish).
    /// </summary>
    public async Task StopAsync()
    {
        if (_thread is null)
        {
            return;
        }

        if (Interlocked.Exchange(ref _stopRequested, 1) == 1)
        {
            await _receiversJoined.Task.ConfigureAwait(false);
            return;
        }

        Post(new EngineInput(EngineInputKind.Stop, -1, null, null, null, false));
        try
        {
            await _stopped.Task.ConfigureAwait(false);
        }
        catch (Exception) when (_stopped.Task.IsFaulted)
        {
            // The thread failed earlier; that was logged and is visible through Completion.
        }
        finally
        {
            _receiving = false;
            foreach (var thread in _receiveThreads)
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
        _wake.Dispose();
    }

    private void Post(EngineInput input)
    {
        _inputs.Enqueue(input);
        _wake.Set();
    }

    private void Run()
    {
        try
        {
            _onThreadStart?.Invoke();
            _node.Start();
            _started.TrySetResult();
            while (true)
            {
                while (_inputs.TryDequeue(out var input))
                {
                    switch (input.Kind)
                    {
                        case EngineInputKind.Advert:
                            _node.OnAdvert(input.Member, input.Advertisement!, input.Source!);
                            break;
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
                    }
                }

                _node.RunDueTimers();
                if (!_node.IsRunning && !_node.IsReleasing)
                {
                    _stopped.TrySetResult();
                    return;
                }

                var wait = _node.TimeToNextDeadline();
                if (_inputs.IsEmpty && wait != TimeSpan.Zero)
                {
                    // Round up: waking a little late costs less than waking early and waiting again.
                    _wake.WaitOne(wait is { } span ? TimeSpan.FromMilliseconds(Math.Ceiling(span.TotalMilliseconds)) : Timeout.InfiniteTimeSpan);
                }
            }
        }
#pragma warning disable CA1031 // Reported through the log and Completion; the caller decides what to do.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            VrrpLog.EngineFailed(_logger, exception);
            _started.TrySetException(exception);
            _stopped.TrySetException(exception);
        }
    }

    private void ReceiveLoop(int member)
    {
        _onThreadStart?.Invoke();
        var channel = _channels[member];
        var path = _receivePaths[member];

        // An IPv4 datagram is at most 64 KiB; VRRP ones are far smaller, oversized ones are still read whole and rejected.
        var buffer = new byte[65536];
        while (_receiving)
        {
            try
            {
                var length = channel.Receive(buffer, ReceivePollInterval);
                if (length < 0)
                {
                    continue;
                }

                if (path.TryAccept(buffer.AsSpan(0, length), out var advertisement, out var source))
                {
                    Post(new EngineInput(EngineInputKind.Advert, member, advertisement, source, null, false));
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
        Advert,
        Tracked,
        Stop,
        HandOver,
    }

    private sealed record EngineInput(EngineInputKind Kind, int Member, VrrpAdvertisement? Advertisement, IPAddress? Source, string? Name, bool Up, TaskCompletionSource<bool>? Done = null);
}
