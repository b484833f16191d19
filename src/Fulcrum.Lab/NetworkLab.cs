namespace Fulcrum.Lab;

/// <summary>
/// The seed topology built in network namespaces: <see cref="UpAsync"/>, <see cref="DownAsync"/>,
/// <see cref="StatusAsync"/>, and <see cref="ExecAsync"/> to run programs inside a node.
/// Everything it makes is named with the topology's prefix, so labs with different prefixes coexist.
/// </summary>
public sealed partial class NetworkLab
{
    /// <summary>Where labs keep nginx configurations, pid files and logs: one directory per prefix.</summary>
    public const string DefaultStateRoot = "/run/fulcrum-lab";

    private static readonly TimeSpan NginxStartTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ProcessExitTimeout = TimeSpan.FromSeconds(5);

    private readonly ICommandRunner _runner;
    private readonly IProcessControl _processes;
    private readonly TimeProvider _time;

    public NetworkLab(LabTopology topology, ICommandRunner runner, IProcessControl processes, string stateRoot, TimeProvider time)
    {
        Topology = topology;
        _runner = runner;
        _processes = processes;
        _time = time;
        StateDirectory = Path.Combine(stateRoot, topology.Prefix.TrimEnd('-'));
    }

    public LabTopology Topology { get; }

    /// <summary>This lab's state directory, e.g. /run/fulcrum-lab/fl.</summary>
    public string StateDirectory { get; }

    /// <summary>A lab on this machine: real processes, /proc, the system clock.</summary>
    public static NetworkLab Create(LabTopology topology, string stateRoot = DefaultStateRoot) =>
        new(topology, new ProcessCommandRunner(), new LinuxProcessControl(), stateRoot, TimeProvider.System);

    /// <summary>Runs a program inside a node's namespace (<c>ip netns exec</c>). A non-zero exit is returned, not thrown.</summary>
    public Task<CommandResult> ExecAsync(LabNode node, IReadOnlyList<string> argv, CancellationToken cancellationToken = default) =>
        _runner.RunAsync(["ip", "netns", "exec", node.Namespace, .. argv], cancellationToken);

    /// <summary>The nginx access log of a real server: one line per request, with the peer address.</summary>
    public string AccessLogPath(LabNode server) => Site(server).AccessLog;

    /// <summary>The pid of a real server's nginx master, from its pid file, or null when it is not running.</summary>
    public int? WebServerPid(LabNode server) => Site(server).ReadPid();

    private NginxSite Site(LabNode server) => new(server, StateDirectory);

    private async Task<CommandResult> RunCheckedAsync(IReadOnlyList<string> argv, CancellationToken cancellationToken) =>
        (await _runner.RunAsync(argv, cancellationToken).ConfigureAwait(false)).EnsureSuccess();
}
