using Microsoft.Extensions.Logging;

namespace Fulcrum.Daemon;

/// <summary>The daemon's log messages (event ids 7000–7099): one line per meaningful event.</summary>
internal static partial class DaemonLog
{
    [LoggerMessage(7000, LogLevel.Information, "Adopted the kernel's data plane: {Services} service(s), {Seeded} real server(s) in a pool count as healthy until checked")]
    public static partial void Adopted(ILogger logger, int services, int seeded);

    [LoggerMessage(7001, LogLevel.Error, "Reading the kernel's data plane failed: {Error}")]
    public static partial void ReadFailed(ILogger logger, string error);

    [LoggerMessage(7002, LogLevel.Information, "Data plane: {Count} change(s) applied in {Milliseconds:0.0} ms: {Changes}")]
    public static partial void Applied(ILogger logger, int count, double milliseconds, string changes);

    [LoggerMessage(7003, LogLevel.Error, "Data plane: the kernel refused {Count} change(s), nothing was changed: {Error}; retrying in {RetrySeconds} s")]
    public static partial void ApplyFailed(ILogger logger, int count, string error, double retrySeconds);

    [LoggerMessage(7004, LogLevel.Warning, "Data plane: {Error}")]
    public static partial void PartlyApplied(ILogger logger, string error);

    [LoggerMessage(7005, LogLevel.Warning, "Reading the traffic counters failed: {Error}")]
    public static partial void CountersFailed(ILogger logger, string error);

    [LoggerMessage(7006, LogLevel.Information, "Kernel {Release}: {Fallback}")]
    public static partial void KernelFallback(ILogger logger, string release, string fallback);

    [LoggerMessage(7010, LogLevel.Information, "Fulcrum {Version} running as node {Node} of cluster {Cluster} (pid {Pid}, config {File}, API {Socket})")]
    public static partial void Started(ILogger logger, string version, string node, string cluster, int pid, string file, string socket);

    [LoggerMessage(7011, LogLevel.Information, "Stopping: VRRP resigns, the data plane stays in the kernel")]
    public static partial void Stopping(ILogger logger);

    [LoggerMessage(7013, LogLevel.Information, "Stopping for a restart ({Signal}): VRRP keeps the virtual addresses without resigning, the data plane stays in the kernel")]
    public static partial void StoppingForRestart(ILogger logger, string signal);

    [LoggerMessage(7012, LogLevel.Critical, "{Subsystem} stopped unexpectedly; the daemon exits so its supervisor restarts it")]
    public static partial void SubsystemDied(ILogger logger, string subsystem);

    [LoggerMessage(7020, LogLevel.Information, "Reload requested by {Who}")]
    public static partial void ReloadRequested(ILogger logger, string who);

    [LoggerMessage(7021, LogLevel.Error, "Reload refused, nothing was changed: {Diagnostic}")]
    public static partial void ReloadDiagnostic(ILogger logger, string diagnostic);

    [LoggerMessage(7022, LogLevel.Information, "Reloaded {File} (sha256 {Sha256}): {Summary}")]
    public static partial void Reloaded(ILogger logger, string file, string sha256, string summary);

    [LoggerMessage(7030, LogLevel.Information, "API write {Method} {Path} by uid {Uid} pid {Pid}: {Body}")]
    public static partial void ApiWrite(ILogger logger, string method, string path, string uid, string pid, string body);

    [LoggerMessage(7031, LogLevel.Warning, "API write {Path} refused for uid {Uid} pid {Pid}: {Reason}")]
    public static partial void ApiWriteRefused(ILogger logger, string path, string uid, string pid, string reason);

    [LoggerMessage(7032, LogLevel.Information, "Runtime API listening on {Where}")]
    public static partial void ApiListening(ILogger logger, string where);

    [LoggerMessage(7040, LogLevel.Information, "VRRP: service {Service} quorum {State}: tracked object service:{Service}")]
    public static partial void ServiceQuorum(ILogger logger, string service, string state);

    [LoggerMessage(7041, LogLevel.Information, "Hand-over requested: resigning mastership to the peer")]
    public static partial void HandOver(ILogger logger);

    [LoggerMessage(7042, LogLevel.Information, "Start order: {Order} ({Reason})")]
    public static partial void StartOrder(ILogger logger, string order, string reason);

    [LoggerMessage(7050, LogLevel.Warning, "systemd notification failed: {Error}")]
    public static partial void NotifyFailed(ILogger logger, string error);

    [LoggerMessage(7060, LogLevel.Information, "Firewall: {Rules} rules applied, hash {Hash} (was {Previous})")]
    public static partial void FirewallApplied(ILogger logger, int rules, string hash, string previous);

    [LoggerMessage(7061, LogLevel.Information, "Firewall: the kernel already holds rules {Hash}; left as they are")]
    public static partial void FirewallKept(ILogger logger, string hash);

    [LoggerMessage(7062, LogLevel.Error, "Firewall: the kernel refused the new rules; the previous rules stay: {Error}")]
    public static partial void FirewallRefused(ILogger logger, string error);

    [LoggerMessage(7063, LogLevel.Warning, "Host setting {Name}: {Message}")]
    public static partial void HostSettingFailed(ILogger logger, string name, string message);

    [LoggerMessage(7064, LogLevel.Warning, "Firewall: cannot record the applied rules in {Path}: {Error}")]
    public static partial void FirewallRecordFailed(ILogger logger, string path, string error);

    [LoggerMessage(7065, LogLevel.Information, "Host setting {Name} set to {Value} (was {Before})")]
    public static partial void HostSettingChanged(ILogger logger, string name, string value, string before);

    [LoggerMessage(7080, LogLevel.Information, "Connection sync: listening on {Local}, peer {Peer}")]
    public static partial void SyncStarted(ILogger logger, string local, string peer);

    [LoggerMessage(7081, LogLevel.Warning, "Connection sync: ha.connection_sync is on but this node has no peer with a private address; not syncing")]
    public static partial void SyncNoPeer(ILogger logger);

    [LoggerMessage(7082, LogLevel.Error, "Connection sync could not start, flows will not survive a switch-over with rr/wrr/random: {Error}")]
    public static partial void SyncStartFailed(ILogger logger, string error);

    [LoggerMessage(7083, LogLevel.Warning, "Connection sync: dropped a datagram from {Source}: {Reason}")]
    public static partial void SyncRejected(ILogger logger, string source, string reason);

    [LoggerMessage(7084, LogLevel.Warning, "Connection sync: the kernel refused {Count} flow(s) from the peer; first: {Error}")]
    public static partial void SyncInsertFailed(ILogger logger, int count, string error);

    [LoggerMessage(7085, LogLevel.Information, "Connection sync: sent {Flows} established flow(s) to the peer ({Why})")]
    public static partial void SyncBulkSent(ILogger logger, int flows, string why);

    [LoggerMessage(7086, LogLevel.Information, "Connection sync: the peer's resync is complete ({Inserted} flow(s) inserted since the request)")]
    public static partial void SyncResynced(ILogger logger, long inserted);

    [LoggerMessage(7087, LogLevel.Error, "Connection sync stopped: {Error}")]
    public static partial void SyncFailed(ILogger logger, string error);

    [LoggerMessage(7088, LogLevel.Warning, "Connection sync: sending to the peer failed: {Error}")]
    public static partial void SyncSendFailed(ILogger logger, string error);
}
