using System.CommandLine;
using System.Diagnostics.Metrics;
using System.Runtime;
using System.Runtime.InteropServices;
using Fulcrum.Core.Config;
using Fulcrum.Core.Vrrp;
using Fulcrum.Linux.Vrrp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Cli.Commands;

/// <summary>
/// <c>fulcrum vrrp FILE --node NAME</c>: runs high availability alone for one node — the sync
/// group of the file's networks, VIPs added and removed over rtnetlink, gratuitous ARP — until
/// SIGINT or SIGTERM, then stops gracefully (a master sends priority 0 and removes its VIPs).
/// Runs in the network namespace it is started in (<c>ip netns exec fl-lb1 ./fulcrum vrrp ...</c>).
/// </summary>
internal static class VrrpCommand
{
    public static Command Create()
    {
        var target = new NodeArguments();
        var command = new Command(
            "vrrp",
            "Run VRRP (high availability only) for one node until SIGINT/SIGTERM, then stop gracefully " +
            "(priority 0, VIPs removed). Logs every transition. Needs root (raw sockets, addresses).");
        target.AddTo(command);
        command.SetAction(async (ParseResult result, CancellationToken ct) =>
        {
            // SIGINT and SIGTERM both mean "stop gracefully": the handlers cancel the default
            // termination and let RunAsync resign (priority 0) and remove the VIPs first.
            using var stopping = CancellationTokenSource.CreateLinkedTokenSource(ct);
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
            return await RunAsync(target.Path(result), target.NodeName(result), stopping.Token);

            void OnSignal(PosixSignalContext context)
            {
                context.Cancel = true;
                stopping.Cancel();
            }
        });
        return command;
    }

    public static async Task<int> RunAsync(string path, string? nodeName, CancellationToken stopping)
    {
        var view = NodeConfigLoader.Load(path, nodeName, Console.Error);
        if (view is null)
        {
            return ExitCodes.Failure;
        }

        // Adverts down to 10 ms: no blocking gen-2 collections while the engine runs.
        GCSettings.LatencyMode = GCLatencyMode.SustainedLowLatency;

        using var services = new ServiceCollection()
            .AddLogging(logging => logging.AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.TimestampFormat = "HH:mm:ss.fff ";
            }))
            .AddMetrics()
            .BuildServiceProvider();
        var loggerFactory = services.GetRequiredService<ILoggerFactory>();
        var logger = loggerFactory.CreateLogger("Fulcrum.Cli.Vrrp");
        var metrics = new VrrpMetrics(services.GetRequiredService<IMeterFactory>());
        VrrpSettings settings;
        try
        {
            settings = VrrpSettings.Load(view);
        }
        catch (Exception exception) when (exception is InvalidDataException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            await Console.Error.WriteLineAsync($"fulcrum vrrp: {exception.Message}");
            return ExitCodes.Failure;
        }

        var ha = view.Cluster.Ha;
        if (!ha.Track.Services.IsEmpty)
        {
            // Service quorum comes from the health engine, which only the daemon runs.
            CliLog.ServiceTrackingNeedsDaemon(logger, string.Join(", ", ha.Track.Services.Select(s => s.Name)));
        }

        VrrpHost host;
        try
        {
            host = VrrpHost.Create(settings.Options, metrics, loggerFactory, TimeProvider.System, networkNamespace: null, settings.Notify);
        }
#pragma warning disable CA1031 // Reported as a failure exit; nothing was changed.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            await Console.Error.WriteLineAsync($"fulcrum vrrp: cannot open the kernel interfaces: {exception.Message}");
            return ExitCodes.Failure;
        }

        await using (host)
        {
            await host.StartAsync();
            try
            {
                await host.Engine.Completion.WaitAsync(stopping);
                return ExitCodes.Failure; // the engine ended on its own: it failed (logged)
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                await host.StopAsync();
                CliLog.VrrpStopped(logger, metrics.RejectedTotal());
                return ExitCodes.Ok;
            }
        }
    }
}
