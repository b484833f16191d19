using System.Globalization;
using Fulcrum.Daemon.Hosting;
using Fulcrum.Daemon.Reconcile;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Daemon.Systemd;

/// <summary>
/// Registered last, so it starts after the first reconcile and VRRP: sends <c>READY=1</c>, then
/// <c>WATCHDOG=1</c> at half the watchdog interval while the reconciler and the VRRP thread are both
/// alive (checked every 250 ms, when the alive file is rewritten too); <c>STOPPING=1</c> when the daemon stops. A dead subsystem also stops the daemon (exit 1),
/// so a supervisor restarts it even without a watchdog.
/// </summary>
internal sealed class SystemdService : BackgroundService
{
    private static readonly TimeSpan LivenessInterval = AliveFile.Interval;

    private readonly SystemdNotifier _notifier;
    private readonly Reconciler _reconciler;
    private readonly VrrpService _vrrp;
    private readonly DaemonContext _context;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger _logger;
    private DateTimeOffset _lastPing = DateTimeOffset.MinValue;

    public SystemdService(SystemdNotifier notifier, Reconciler reconciler, VrrpService vrrp, DaemonContext context, IHostApplicationLifetime lifetime, ILogger<SystemdService> logger)
    {
        _notifier = notifier;
        _reconciler = reconciler;
        _vrrp = vrrp;
        _context = context;
        _lifetime = lifetime;
        _logger = logger;
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var config = _context.Config;
        Send(string.Create(CultureInfo.InvariantCulture, $"READY=1\nMAINPID={Environment.ProcessId}\nSTATUS=node {_context.Options.Node}: running {config.File}"));
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        Send("STOPPING=1");
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var watchdog = SystemdNotifier.WatchdogInterval(Environment.GetEnvironmentVariable);
        var interval = LivenessInterval;
        using var timer = new PeriodicTimer(interval, _context.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                if (!_reconciler.IsAlive || !_vrrp.IsAlive)
                {
                    DaemonLog.SubsystemDied(_logger, _reconciler.IsAlive ? "the VRRP thread" : "the reconciler");
                    Environment.ExitCode = 1;
                    _lifetime.StopApplication();
                    return;
                }

                if (watchdog is not null && (_context.Time.GetUtcNow() - _lastPing) * 2 >= watchdog.Value)
                {
                    Send("WATCHDOG=1");
                    _lastPing = _context.Time.GetUtcNow();
                }

                try
                {
                    AliveFile.Write(_context.Paths.AliveFile, _context.Time.GetUtcNow());
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    DaemonLog.NotifyFailed(_logger, $"writing {_context.Paths.AliveFile}: {e.Message}");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void Send(string state)
    {
        if (_notifier.IsEnabled && !_notifier.Notify(state))
        {
            DaemonLog.NotifyFailed(_logger, state);
        }
    }
}
