using Fulcrum.Core.Config;

namespace Fulcrum.Cli.Commands;

/// <summary>
/// Loads FILE for a command that acts as one node (<c>--node NAME</c>): prints every diagnostic
/// to stderr and returns null when the file is invalid or the node is unknown, so the command
/// changes nothing.
/// </summary>
internal static class NodeConfigLoader
{
    public static NodeView? Load(string path, string nodeName, TextWriter errors)
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

        if (result.Config.FindNode(nodeName) is null)
        {
            string known = string.Join(", ", result.Config.Nodes.Select(n => n.Name));
            errors.WriteLine($"--node {nodeName}: no such node in {path} (nodes: {known}); nothing was changed");
            return null;
        }

        return result.Config.ForNode(nodeName);
    }
}
