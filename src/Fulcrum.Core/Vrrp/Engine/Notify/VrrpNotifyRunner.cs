using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Core.Vrrp;

/// <summary>
/// Runs the notify command once per transition, in sequence order, one at a time, on its own task:
/// a slow command delays the next command, never the VRRP thread.
/// </summary>
public sealed class VrrpNotifyRunner : IAsyncDisposable
{
    private readonly VrrpTransitionFeed _feed;
    private readonly ChannelReader<VrrpTransition> _reader;
    private readonly IVrrpNotifyCommand _command;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _worker;

    /// <summary>Subscribes to <paramref name="feed"/> and starts the worker.</summary>
    public VrrpNotifyRunner(VrrpTransitionFeed feed, IVrrpNotifyCommand command, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(logger);
        _feed = feed;
        _command = command;
        _logger = logger;
        _reader = feed.Subscribe();
        _worker = Task.Run(RunAsync);
    }

    /// <summary>The number of commands that completed (successfully or not).</summary>
    public long Completed => Interlocked.Read(ref _completed);

    private long _completed;

    /// <summary>Stops taking transitions, runs the ones already queued, then returns.</summary>
    public async ValueTask DisposeAsync()
    {
        _feed.Unsubscribe(_reader);
        await _worker.ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task RunAsync()
    {
        await foreach (var transition in _reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                await _command.RunAsync(transition, _stopping.Token).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // A failing hook is logged; the next transition's hook still runs.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                VrrpLog.NotifyFailed(_logger, transition.Sequence, transition.Instance, exception);
            }

            Interlocked.Increment(ref _completed);
        }
    }
}
