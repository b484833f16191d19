namespace Fulcrum.Daemon.Hosting;

/// <summary>
/// Where one node's daemon keeps its runtime files: <c>&lt;global.state_dir&gt;/&lt;node&gt;/</c>, so two
/// daemons on one filesystem (the lab) never clash.
/// </summary>
internal sealed record NodePaths(string Directory)
{
    public static NodePaths For(string stateDir, string node) => new(Path.Combine(stateDir, node));

    /// <summary>The runtime API socket.</summary>
    public string Socket => Path.Combine(Directory, "api.sock");

    /// <summary>When the daemon was last alive (Unix milliseconds), rewritten every 250 ms: a restart after a crash reads it.</summary>
    public string AliveFile => Path.Combine(Directory, "alive");

    /// <summary>Held (flock) while a daemon runs for the node.</summary>
    public string LockFile => Path.Combine(Directory, "daemon.lock");
}
