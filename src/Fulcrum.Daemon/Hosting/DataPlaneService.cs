using Fulcrum.Daemon.Reconcile;
using Microsoft.Extensions.Hosting;

namespace Fulcrum.Daemon.Hosting;

/// <summary>
/// The data plane of the daemon: adopts the kernel's state and makes the first pass at start, then
/// samples the traffic counters about once a second (through the reconciler, the engine's only
/// caller). Stopping leaves the data plane in the kernel: it forwards while the daemon is away.
/// </summary>
internal sealed class DataPlaneService : BackgroundService
{
    public static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(1);

    private readonly DaemonContext _context;
    private readonly Reconciler _reconciler;

    public DataPlaneService(DaemonContext context, Reconciler reconciler)
    {
        _context = context;
        _reconciler = reconciler;
    }

    /// <summary>Completes when the first pass has been made (applied, or failed and logged).</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await _reconciler.StartAsync(_context.Config.View, cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await _reconciler.DisposeAsync().ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(SampleInterval, _context.Time);
        try
        {
            await _reconciler.SampleAsync().WaitAsync(stoppingToken).ConfigureAwait(false);
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await _reconciler.SampleAsync().WaitAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
