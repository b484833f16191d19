namespace Fulcrum.Daemon.Hosting;

/// <summary>What <c>fulcrum run</c> was asked to run.</summary>
/// <param name="ConfigPath">The configuration file.</param>
/// <param name="Node">The node this daemon is.</param>
/// <param name="NetworkNamespace">Work in this named network namespace (ip netns) instead of the current one.</param>
/// <param name="StateDirectory">Overrides <c>global.state_dir</c> (tests); null: the file's.</param>
/// <param name="ApiListen">Also serve the API on this TCP address (admin networks only); null: Unix socket only.</param>
/// <param name="ApiTokenFile">The file holding the bearer token every TCP request must carry (required with <paramref name="ApiListen"/>).</param>
public sealed record DaemonOptions(
    string ConfigPath, string Node, string? NetworkNamespace, string? StateDirectory = null, System.Net.IPEndPoint? ApiListen = null, string? ApiTokenFile = null);
