using Microsoft.Extensions.Logging;

namespace Fulcrum.Core.Vrrp;

/// <summary>
/// Runs one track command every <see cref="VrrpCommandTrackerOptions.Interval"/> on the thread
/// pool — never on the VRRP thread — one run at a time; a run past its timeout is killed and
/// fails. <see cref="VrrpCommandTrackerOptions.Fall"/> failures in a row report the object down,
/// <see cref="VrrpCommandTrackerOptions.Rise"/> successes in a row report it up (to
/// <see cref="VrrpEngine.SetTrackedState"/>, which hands it to the VRRP thread). Until then it is
/// unknown, which tracking counts as up.
/// </summary>
public sealed class VrrpCommandTracker : IAsyncDisposable
{
    private readonly VrrpCommandTrackerOptions _options;
    private readonly IVrrpTrackCommand _command;
    private readonly Action<string, bool> _report;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Func<TimeSpan, CancellationToken, Task> _delay;
    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;
    private bool _disposed;
    private int _successes;
    private int _failures;

    /// <summary>Creates the tracker; nothing runs until <see cref="Start"/>.</summary>
    /// <param name="options">The command and its timing.</param>
    /// <param name="command">Runs the command.</param>
    /// <param name="report">Receives (tracked name, up) on every change of state.</param>
    /// <param name="logger">Where failures and changes are logged.</param>
    /// <param name="time">The clock (timeouts and intervals).</param>
    public VrrpCommandTracker(VrrpCommandTrackerOptions options, IVrrpTrackCommand command, Action<string, bool> report, ILogger logger, TimeProvider time)
        : this(options, command, report, logger, time, null)
    {
    }

    /// <summary>As the public constructor; <paramref name="delay"/> replaces the wait between runs (tests).</summary>
    internal VrrpCommandTracker(
        VrrpCommandTrackerOptions options,
        IVrrpTrackCommand command,
        Action<string, bool> report,
        ILogger logger,
        TimeProvider time,
        Func<TimeSpan, CancellationToken, Task>? delay)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(time);
        if (options.Interval <= TimeSpan.Zero || options.Timeout <= TimeSpan.Zero || options.Rise < 1 || options.Fall < 1)
        {
            throw new ArgumentException($"Track command {options.TrackedName}: interval and timeout must be positive, rise and fall at least 1.", nameof(options));
        }

        _options = options;
        _command = command;
        _report = report;
        _logger = logger;
        _time = time;
        _delay = delay ?? ((span, token) => Task.Delay(span, time, token));
    }

    /// <summary>The state reported last: null until rise or fall was first reached.</summary>
    public bool? IsUp { get; private set; }

    /// <summary>Runs completed so far.</summary>
    public long Runs { get; private set; }

    /// <summary>Starts the loop on the thread pool: the first run now, then one per interval.</summary>
    public void Start()
    {
        if (_loop is not null)
        {
            throw new InvalidOperationException("The tracker was started already.");
        }

        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Stops the loop; a run in progress is killed. Safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        _stopping.Dispose();
    }

    /// <summary>One run: start the command, wait for it or its timeout, count the result.</summary>
    /// <returns>False when the tracker is stopping.</returns>
    internal async Task<bool> RunOnceAsync()
    {
        bool ok;
        var reason = "";
        using (var timeout = new CancellationTokenSource(_options.Timeout, _time))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _stopping.Token))
        {
            try
            {
                ok = await _command.RunAsync(_options.Run, linked.Token).ConfigureAwait(false);
                reason = ok ? "" : "exited non-zero";
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return false;
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                ok = false;
                reason = $"ran longer than {_options.Timeout.TotalMilliseconds:0} ms and was killed";
            }
#pragma warning disable CA1031 // A command that cannot start is a failure of the tracked object, not of VRRP.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                ok = false;
                reason = exception.Message;
            }
        }

        if (!ok)
        {
            VrrpLog.TrackCommandFailed(_logger, _options.TrackedName, reason);
        }

        Runs++;
        Count(ok, reason);
        return true;
    }

    private void Count(bool ok, string reason)
    {
        if (ok)
        {
            _failures = 0;
            _successes = Math.Min(_successes + 1, _options.Rise);
            if (IsUp != true && _successes >= _options.Rise)
            {
                IsUp = true;
                VrrpLog.TrackCommandUp(_logger, _options.TrackedName, _successes);
                _report(_options.TrackedName, true);
            }
        }
        else
        {
            _successes = 0;
            _failures = Math.Min(_failures + 1, _options.Fall);
            if (IsUp != false && _failures >= _options.Fall)
            {
                IsUp = false;
                VrrpLog.TrackCommandDown(_logger, _options.TrackedName, _failures, reason);
                _report(_options.TrackedName, false);
            }
        }
    }

    private async Task LoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            var started = _time.GetTimestamp();
            if (!await RunOnceAsync().ConfigureAwait(false))
            {
                return;
            }

            var wait = _options.Interval - _time.GetElapsedTime(started);
            try
            {
                await _delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, _stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
