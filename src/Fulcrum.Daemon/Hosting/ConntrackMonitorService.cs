using System.Globalization;
using Fulcrum.Core.Conntrack;
using Fulcrum.Core.Status;
using Fulcrum.Daemon.Events;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Daemon.Hosting;

/// <summary>
/// Watches the node's conntrack table: every <see cref="Interval"/> it reads the fill and the drop
/// counters through <see cref="IConntrackStatistics"/>, keeps the latest for the status API and the
/// metrics, and turns threshold crossings (<see cref="ConntrackPressureWatch"/>: 80 % warning, 95 %
/// critical, with hysteresis) into a log line and a <c>conntrack_pressure</c> event. Flows the kernel
/// dropped or evicted for lack of room are logged at most once per <see cref="DropLogInterval"/>
/// with the count since the previous line. A full table drops new flows of every service without
/// a word from the kernel inside a namespace (its "table full" message goes to the initial
/// namespace's log only), so this is how an operator hears of it.
/// </summary>
internal sealed class ConntrackMonitorService : IHostedService, IDisposable
{
    /// <summary>How often the kernel is asked (two small netlink requests).</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>The shortest time between two "flows dropped" log lines.</summary>
    public static readonly TimeSpan DropLogInterval = TimeSpan.FromMinutes(1);

    private readonly DaemonContext _context;
    private readonly IConntrackStatistics _kernel;
    private readonly ILogger _logger;
    private readonly ConntrackPressureWatch _watch = new();
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private ConntrackTableStatus? _status;
    private ulong _unloggedEarlyDrops;
    private ulong _unloggedDrops;
    private DateTimeOffset? _lastDropLog;
    private bool _readFailing;

    public ConntrackMonitorService(DaemonContext context, IConntrackStatistics kernel, ILogger<ConntrackMonitorService> logger)
    {
        _context = context;
        _kernel = kernel;
        _logger = logger;
    }

    /// <summary>The latest sample (<c>conntrack</c> in <c>GET /v1/status</c>); null before the first or while the kernel cannot be read.</summary>
    public ConntrackTableStatus? Status
    {
        get
        {
            lock (_gate)
            {
                return _status;
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Sample();
        _loop = Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => _stop.Dispose();

    /// <summary>One sample: read the kernel, update the status, log and raise events. Never throws.</summary>
    internal void Sample()
    {
        ConntrackTableStatistics sample;
        try
        {
            sample = _kernel.Read();
        }
#pragma warning disable CA1031 // A failed read is logged once; the next sample tries again.
        catch (Exception e)
#pragma warning restore CA1031
        {
            if (!_readFailing)
            {
                _readFailing = true;
                DaemonLog.ConntrackReadFailed(_logger, e.Message);
            }

            lock (_gate)
            {
                _status = null;
            }

            return;
        }

        _readFailing = false;
        var now = _context.Time.GetUtcNow();
        ConntrackPressureChange? change;
        lock (_gate)
        {
            change = _watch.Observe(sample);
            _status = new ConntrackTableStatus(
                sample.Entries, sample.MaxEntries, Math.Round(sample.Percent, 1), Word(_watch.Level), sample.EarlyDrops, sample.Drops, sample.InsertFailed, now);
        }

        if (change is not null)
        {
            Report(change);
        }

        _unloggedEarlyDrops += _watch.NewEarlyDrops;
        _unloggedDrops += _watch.NewDrops;
        if (_unloggedEarlyDrops + _unloggedDrops > 0 && (_lastDropLog is not { } last || now - last >= DropLogInterval))
        {
            DaemonLog.ConntrackDropped(_logger, _unloggedEarlyDrops, _unloggedDrops, sample.Entries, sample.MaxEntries);
            _lastDropLog = now;
            _unloggedEarlyDrops = 0;
            _unloggedDrops = 0;
        }
    }

    /// <summary>The status word of a level (<c>normal</c>, <c>warning</c>, <c>critical</c>).</summary>
    public static string Word(ConntrackPressureLevel level) => level.ToString().ToLowerInvariant();

    private void Report(ConntrackPressureChange change)
    {
        var now = change.Now;
        string fill = string.Create(CultureInfo.InvariantCulture, $"{now.Entries}/{now.MaxEntries} ({now.Percent:0.0} %)");
        if (change.Rising)
        {
            DaemonLog.ConntrackPressure(_logger, Word(change.To), fill, now.EarlyDrops, now.Drops);
        }
        else
        {
            DaemonLog.ConntrackRelieved(_logger, Word(change.To), fill);
        }

        string message = change.Rising
            ? $"conntrack table {fill} full: {Word(change.To)} (early drops {now.EarlyDrops}, drops {now.Drops})"
            : $"conntrack table back to {Word(change.To)}: {fill}";
        _context.Events.Add(EventKinds.ConntrackPressure, message, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["level"] = Word(change.To),
            ["previous"] = Word(change.From),
            ["entries"] = now.Entries.ToString(CultureInfo.InvariantCulture),
            ["max"] = now.MaxEntries.ToString(CultureInfo.InvariantCulture),
            ["percent"] = now.Percent.ToString("0.0", CultureInfo.InvariantCulture),
            ["early_drops"] = now.EarlyDrops.ToString(CultureInfo.InvariantCulture),
            ["drops"] = now.Drops.ToString(CultureInfo.InvariantCulture),
        });
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Interval, _context.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                Sample();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
