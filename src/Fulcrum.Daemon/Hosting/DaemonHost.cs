using System.Diagnostics.Metrics;
using System.Runtime;
using System.Runtime.InteropServices;
using Fulcrum.Core.Config;
using Fulcrum.Core.Conntrack;
using Fulcrum.Core.Vrrp;
using Fulcrum.Daemon.Api;
using Fulcrum.Daemon.Events;
using Fulcrum.Daemon.Metrics;
using Fulcrum.Daemon.Reconcile;
using Fulcrum.Daemon.Systemd;
using Fulcrum.Health.Engine;
using Fulcrum.Linux.Conntrack;
using Fulcrum.Linux.DataPlane;
using Fulcrum.Linux.Firewall;
using Fulcrum.Linux.Netlink;
using Fulcrum.Linux.Nftables;
using Fulcrum.Linux.Rtnetlink;
using Fulcrum.Linux.Vrrp;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Fulcrum.Daemon.Hosting;

/// <summary>
/// The composition root of <c>fulcrum run</c>: one process per balancer hosting, in this start
/// order, the health engine, the data plane (adopt, first reconcile), the gateway firewall, VRRP and the systemd
/// notifications (READY=1 once all run), plus the runtime API on the node's Unix socket. A restart
/// that finds every VIP and the data-plane table still in place starts VRRP first (<see cref="StartOrder"/>).
/// SIGTERM/SIGINT stop gracefully (VRRP resigns; the data plane stays in the kernel); SIGHUP reloads.
/// </summary>
public static class DaemonHost
{
    /// <summary>Runs the daemon until it is stopped; returns the exit code (0 stopped cleanly, 1 failure).</summary>
    public static async Task<int> RunAsync(DaemonOptions options, TextWriter errors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(errors);
        var time = TimeProvider.System;
        var config = LoadedConfig.Load(options.ConfigPath, options.Node, time.GetUtcNow(), out var diagnostics);
        if (config is null)
        {
            foreach (var line in diagnostics)
            {
                await errors.WriteLineAsync(line).ConfigureAwait(false);
            }

            await errors.WriteLineAsync($"fulcrum run: {options.ConfigPath} is invalid; nothing was started").ConfigureAwait(false);
            return 1;
        }

        VrrpSettings vrrp;
        try
        {
            vrrp = VrrpSettings.Load(config.View);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or ArgumentException)
        {
            await errors.WriteLineAsync($"fulcrum run: {e.Message}; nothing was started").ConfigureAwait(false);
            return 1;
        }

        string? token = null;
        if (options.ApiListen is not null)
        {
            try
            {
                token = ApiToken.Read(options.ApiTokenFile);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or ArgumentException)
            {
                await errors.WriteLineAsync($"fulcrum run: --api-token-file: {e.Message}; nothing was started").ConfigureAwait(false);
                return 1;
            }
        }

        var paths = NodePaths.For(options.StateDirectory ?? config.View.Cluster.Global.StateDir, options.Node);
        InstanceLock? instanceLock;
        try
        {
            instanceLock = InstanceLock.TryAcquire(paths, out var reason);
            if (instanceLock is null)
            {
                await errors.WriteLineAsync($"fulcrum run: {reason}; nothing was started").ConfigureAwait(false);
                return 1;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await errors.WriteLineAsync($"fulcrum run: cannot use {paths.Directory}: {e.Message}").ConfigureAwait(false);
            return 1;
        }

        using (instanceLock)
        {
            // Ours now (we hold the lock): a socket left by a crash is stale.
            File.Delete(paths.Socket);
            var dataPlane = await OpenOrReportAsync(
                () => NftDataPlane.Open(options.NetworkNamespace),
                $"the kernel's nftables and conntrack interfaces{(options.NetworkNamespace is { } ns ? $" in namespace {ns}" : "")}",
                errors).ConfigureAwait(false);
            if (dataPlane is null)
            {
                return 1;
            }

            using (dataPlane)
            {
                var firewall = await OpenOrReportAsync(() => NftFirewall.Open(options.NetworkNamespace), "the kernel's nftables interface for the firewall", errors).ConfigureAwait(false);
                if (firewall is null)
                {
                    return 1;
                }

                using (firewall)
                {
                    return await RunAsync(options, config, vrrp, paths, dataPlane, firewall, token, time, errors, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>Opens a kernel interface; a failure is reported as "cannot open WHAT" and gives null (nothing was changed).</summary>
    private static async Task<T?> OpenOrReportAsync<T>(Func<T> open, string what, TextWriter errors)
        where T : class
    {
        try
        {
            return open();
        }
#pragma warning disable CA1031 // Reported as a failure exit; nothing was changed.
        catch (Exception e)
#pragma warning restore CA1031
        {
            await errors.WriteLineAsync($"fulcrum run: cannot open {what}: {e.Message}").ConfigureAwait(false);
            return null;
        }
    }

    private static async Task<int> RunAsync(
        DaemonOptions options, LoadedConfig config, VrrpSettings vrrp, NodePaths paths, NftDataPlane dataPlane, NftFirewall firewall, string? token, TimeProvider time, TextWriter errors, CancellationToken cancellationToken)
    {
        // Adverts down to 10 ms: no blocking gen-2 collections while the daemon runs.
        GCSettings.LatencyMode = GCLatencyMode.SustainedLowLatency;
        Prometheus.Metrics.SuppressDefaultMetrics(new Prometheus.SuppressDefaultMetricOptions { SuppressEventCounters = true, SuppressDebugMetrics = true });
        Prometheus.Metrics.ConfigureMeterAdapter(o => o.InstrumentFilterPredicate = i => i.Meter.Name.StartsWith("Fulcrum.", StringComparison.Ordinal));

        // The default registry starts its meter adapter at its first collection: collect once now, so
        // what the subsystems record before the first scrape (start-up transitions, first probes) counts.
        await Prometheus.Metrics.DefaultRegistry.CollectAndExportAsTextAsync(Stream.Null, cancellationToken).ConfigureAwait(false);

        // Before anything changes the kernel: is this a restart that finds the node still in service?
        var order = DecideStartOrder(vrrp.Options, options.NetworkNamespace, dataPlane);
        var context = new DaemonContext(options, paths, config, new EventRing(time), time);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "fulcrum", Args = [] });
        ConfigureLogging(builder.Logging, config.View.Cluster.Global, options.Node, config.View.Cluster.Cluster);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.ListenUnixSocket(paths.Socket, listen => listen.Protocols = HttpProtocols.Http1);
            if (options.ApiListen is { } tcp)
            {
                kestrel.Listen(tcp, listen => listen.Protocols = HttpProtocols.Http1);
            }
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(10));
        var services = builder.Services;
        services.AddSingleton(context);
        services.AddSingleton(new ApiToken(token));
        services.AddSingleton(context.Events);
        services.AddSingleton(sp => new HealthMetrics(sp.GetRequiredService<IMeterFactory>()));
        services.AddSingleton(sp => new VrrpMetrics(sp.GetRequiredService<IMeterFactory>()));
        services.AddSingleton(sp => new DataPlaneMetrics(sp.GetRequiredService<IMeterFactory>()));
        services.AddSingleton(sp =>
        {
            var health = new Lazy<HealthService>(sp.GetRequiredService<HealthService>);
            return new Reconciler(
                dataPlane, dataPlane, (service, server, weight) => health.Value.Engine.EffectiveWeight(service, server, weight),
                context.Events, sp.GetRequiredService<DataPlaneMetrics>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger("Fulcrum.Daemon.Reconciler"), time);
        });
        services.AddSingleton<HealthService>();
        services.AddSingleton(vrrp);
        services.AddSingleton<VrrpService>();
        services.AddSingleton(_ => new SystemdNotifier(Environment.GetEnvironmentVariable("NOTIFY_SOCKET")));
        services.AddSingleton<StatusBuilder>();
        services.AddSingleton<ReloadCoordinator>();
        services.AddSingleton<DataPlaneService>();
        services.AddSingleton(sp => new FirewallService(
            context, firewall, policy => HostSettings.Apply(policy, options.NetworkNamespace), sp.GetRequiredService<ILogger<FirewallService>>()));
        services.AddSingleton<IConntrackStatistics>(_ => ConntrackClient.Open(options.NetworkNamespace));
        services.AddSingleton<ConntrackMonitorService>();
        services.AddSingleton(sp => new ConntrackMetrics(sp.GetRequiredService<IMeterFactory>()));

        // Hosted services start one after the other, in this order (the web server after them all),
        // and stop in the reverse order: connection sync stops after VRRP has resigned, so the flows
        // of a graceful stop's last moments still reach the peer.
        if (order.VrrpFirst)
        {
            AddSyncAndVrrp();
        }

        services.AddHostedService(sp => sp.GetRequiredService<HealthService>());
        services.AddHostedService(sp => sp.GetRequiredService<DataPlaneService>());
        services.AddHostedService(sp => sp.GetRequiredService<FirewallService>());
        services.AddHostedService(sp => sp.GetRequiredService<ConntrackMonitorService>());
        if (!order.VrrpFirst)
        {
            AddSyncAndVrrp();
        }

        services.AddHostedService<SystemdService>();

        void AddSyncAndVrrp()
        {
            services.AddHostedService(sp => ActivatorUtilities.CreateInstance<ConnectionSyncService>(sp));
            services.AddHostedService(sp => sp.GetRequiredService<VrrpService>());
        }

        await using var app = builder.Build();
        ApiEndpoints.Map(app);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Fulcrum.Daemon");
        DaemonLog.StartOrder(logger, order.VrrpFirst ? "VRRP first, then health, the data plane and the firewall" : "health, the data plane, the firewall, then VRRP", order.Reason);
        LogKernelFallbacks(logger, dataPlane);
        var reconciler = app.Services.GetRequiredService<Reconciler>();
        var healthService = app.Services.GetRequiredService<HealthService>();
        app.Services.GetRequiredService<DataPlaneMetrics>().Observe(() => reconciler.Snapshot, healthService.Engine.Targets);
        var conntrack = app.Services.GetRequiredService<ConntrackMonitorService>();
        app.Services.GetRequiredService<ConntrackMetrics>().Observe(() => conntrack.Status);
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            if (!OperatingSystem.IsWindows())
            {
                // Any local user may connect (reads); writes are checked per request (SO_PEERCRED).
                File.SetUnixFileMode(paths.Socket,
                    UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite);
            }
            DaemonLog.ApiListening(logger, paths.Socket);
            if (options.ApiListen is { } tcp)
            {
                DaemonLog.ApiListening(logger, $"tcp {tcp} (bearer token required)");
            }
            DaemonLog.Started(logger, DaemonContext.Version, options.Node, config.View.Cluster.Cluster, Environment.ProcessId, config.File, paths.Socket);
        });
        app.Lifetime.ApplicationStopping.Register(() =>
        {
            if (!context.StoppingForRestart)
            {
                DaemonLog.Stopping(logger);
            }
        });

        var reload = app.Services.GetRequiredService<ReloadCoordinator>();
        using var sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, signal =>
        {
            signal.Cancel = true;
            _ = Task.Run(() => reload.ReloadAsync("SIGHUP"), CancellationToken.None);
        });

        // SIGUSR2: stop for a restart (systemd's RestartKillSignal=, sent by systemctl restart and a package upgrade).
        using var sigusr2 = PosixSignalRegistration.Create(SigUsr2, signal =>
        {
            signal.Cancel = true;
            context.StoppingForRestart = true;
            DaemonLog.StoppingForRestart(logger, "SIGUSR2");
            app.Lifetime.StopApplication();
        });

        try
        {
            await app.RunAsync(cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A start failure (kernel interfaces, socket) is reported as exit 1.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            await errors.WriteLineAsync($"fulcrum run: {e.Message}").ConfigureAwait(false);
            return 1;
        }
        finally
        {
            File.Delete(paths.Socket);
        }

        return Environment.ExitCode;
    }

    // include/uapi/asm-generic/signal.h: SIGUSR2 is 12 on x86 and arm (a raw value, as PosixSignalRegistration allows).
    private const PosixSignal SigUsr2 = (PosixSignal)12;

    // VRRP's settings and the kernel's addresses and data-plane table decide it; anything unreadable means a fresh start.
    /// <summary>
    /// The start-up probe's findings: each nf_tables feature this kernel lacks, the kernel that
    /// brought it and what the data plane does instead (nothing on a current kernel). A probe the
    /// kernel refuses outright is left to the first apply, which reports it as a refused change.
    /// </summary>
    private static void LogKernelFallbacks(ILogger logger, NftDataPlane dataPlane)
    {
        try
        {
            foreach (var fallback in dataPlane.Features.DescribeMissing())
            {
                DaemonLog.KernelFallback(logger, NftKernelFeatures.KernelRelease(), fallback);
            }
        }
        catch (NetlinkException)
        {
        }
    }

    private static StartOrder DecideStartOrder(VrrpNodeOptions vrrp, string? networkNamespace, NftDataPlane dataPlane)
    {
        try
        {
            using var addresses = RtnetlinkAddressControl.Open(networkNamespace);
            return StartOrder.Decide(vrrp, addresses, dataPlane.IsInPlace);
        }
#pragma warning disable CA1031 // Not knowing means a fresh start (VRRP last), which is always safe.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return StartOrder.Fresh($"the interfaces could not be read ({e.Message})");
        }
    }

    private static void ConfigureLogging(ILoggingBuilder logging, GlobalSettings global, string node, string cluster)
    {
        logging.ClearProviders();
        logging.SetMinimumLevel(global.LogLevel switch
        {
            LogVerbosity.Debug => LogLevel.Debug,
            LogVerbosity.Warning => LogLevel.Warning,
            LogVerbosity.Error => LogLevel.Error,
            _ => LogLevel.Information,
        });
        logging.AddFilter("Microsoft", LogLevel.Warning);
        logging.AddFilter("System", LogLevel.Warning);
        if (global.LogFormat == LogFormat.Json)
        {
            logging.AddJsonConsole(json =>
            {
                json.UseUtcTimestamp = true;
                json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
        else if (JournalLoggerProvider.IsAvailable(Environment.GetEnvironmentVariable))
        {
            // Under systemd: entries with their priority and Fulcrum's fields (event id, instance, service, server, ...).
            logging.AddProvider(new JournalLoggerProvider(
                JournalLoggerProvider.SocketPath,
                [new(JournalRecord.Prefix + "NODE", node), new(JournalRecord.Prefix + "CLUSTER", cluster)]));
        }
        else if (Environment.GetEnvironmentVariable("JOURNAL_STREAM") is not null || Environment.GetEnvironmentVariable("INVOCATION_ID") is not null)
        {
            // journald adds its own timestamps; <N> prefixes carry the syslog priority.
            logging.AddSystemdConsole();
        }
        else
        {
            logging.AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.TimestampFormat = "HH:mm:ss.fff ";
                console.ColorBehavior = LoggerColorBehavior.Disabled;
            });
        }
    }
}
