using Fulcrum.Daemon.Events;

namespace Fulcrum.Daemon.Hosting;

/// <summary>What every part of one running daemon shares: its options, paths, configuration in force and events.</summary>
internal sealed class DaemonContext
{
    private volatile LoadedConfig _config;

    public DaemonContext(DaemonOptions options, NodePaths paths, LoadedConfig config, EventRing events, TimeProvider time)
    {
        Options = options;
        Paths = paths;
        _config = config;
        Events = events;
        Time = time;
        StartedAt = time.GetUtcNow();
    }

    public DaemonOptions Options { get; }

    public NodePaths Paths { get; }

    public EventRing Events { get; }

    public TimeProvider Time { get; }

    public DateTimeOffset StartedAt { get; }

    /// <summary>
    /// Set by SIGUSR2 (systemd's <c>RestartKillSignal=</c>) before the daemon stops: the process is
    /// being restarted (an upgrade, <c>systemctl restart</c>), so VRRP stops without resigning and
    /// the next process resumes, where SIGTERM hands over to the peer.
    /// </summary>
    public bool StoppingForRestart { get; set; }

    /// <summary>The configuration in force; replaced by a reload.</summary>
    public LoadedConfig Config
    {
        get => _config;
        set => _config = value;
    }

    public static string Version => typeof(DaemonContext).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
}
