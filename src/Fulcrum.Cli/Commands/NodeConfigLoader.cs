using System.Net;
using Fulcrum.Core.Config;
using Fulcrum.Linux.Rtnetlink;

namespace Fulcrum.Cli.Commands;

/// <summary>
/// Loads FILE for a command that acts as one node: prints every diagnostic to stderr and returns
/// null when the file is invalid or the node is unknown, so the command changes nothing. Without
/// <c>--node</c> the node is the one this host is (<see cref="NodeDetection"/>: its own address on
/// its interface here — inside <c>--netns</c> when given —, else its name is the host's).
/// </summary>
internal static class NodeConfigLoader
{
    /// <summary>FILE when none is given: where the Debian package puts the configuration.</summary>
    public const string DefaultConfigPath = "/etc/fulcrum/fulcrum.yaml";

    public static NodeView? Load(string path, string? nodeName, TextWriter errors, string? networkNamespace = null)
    {
        ConfigLoadResult result = ConfigLoader.Load(path);
        foreach (var diagnostic in result.Diagnostics)
        {
            errors.WriteLine(diagnostic.ToString());
        }

        if (!result.Succeeded)
        {
            errors.WriteLine($"{path}: invalid; nothing was changed");
            return null;
        }

        string? name = Resolve(result.Config, path, nodeName, networkNamespace, out string? error);
        if (name is null)
        {
            errors.WriteLine($"{error}; nothing was changed");
            return null;
        }

        return result.Config.ForNode(name);
    }

    /// <summary>
    /// The node's name: <paramref name="nodeName"/> when it is in the file, else (when null) the one
    /// this host is; null with <paramref name="error"/> otherwise.
    /// </summary>
    public static string? Resolve(ClusterConfig config, string path, string? nodeName, string? networkNamespace, out string? error)
    {
        ArgumentNullException.ThrowIfNull(config);
        error = null;
        if (nodeName is not null)
        {
            if (config.FindNode(nodeName) is not null)
            {
                return nodeName;
            }

            error = $"--node {nodeName}: no such node in {path} (nodes: {string.Join(", ", config.Nodes.Select(n => n.Name))})";
            return null;
        }

        var detected = NodeDetection.Detect(config, HostAddresses(networkNamespace), Environment.MachineName);
        if (detected.Node is null)
        {
            error = $"{path}: {detected.Error}";
            return null;
        }

        return detected.Node.Name;
    }

    /// <summary>
    /// The addresses on each interface of this host (or of <paramref name="networkNamespace"/>), read
    /// over rtnetlink; an interface that does not exist, or a namespace that cannot be entered, has none.
    /// </summary>
    private static Func<string, IReadOnlyCollection<IPAddress>> HostAddresses(string? networkNamespace) => interfaceName =>
    {
        try
        {
            using var addresses = RtnetlinkAddressControl.Open(networkNamespace);
            return [.. addresses.GetAddresses(interfaceName).Select(a => a.Address)];
        }
#pragma warning disable CA1031 // Not readable means "not this node": detection falls back to the host name.
        catch (Exception)
#pragma warning restore CA1031
        {
            return [];
        }
    };
}
