using System.Security.Cryptography;
using Fulcrum.Core.Config;

namespace Fulcrum.Daemon.Hosting;

/// <summary>A configuration file that loaded and validated, seen from the daemon's node.</summary>
internal sealed record LoadedConfig(string File, NodeView View, string Sha256, DateTimeOffset LoadedAt)
{
    /// <summary>
    /// Loads and validates <paramref name="path"/> for node <paramref name="node"/>. Returns null and
    /// the <c>file:line:col: error: ...</c> lines when it is invalid or the node is not in it.
    /// </summary>
    public static LoadedConfig? Load(string path, string node, DateTimeOffset now, out IReadOnlyList<string> errors)
    {
        byte[] bytes;
        try
        {
            bytes = System.IO.File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors = [$"{path}: error: cannot read the file: {e.Message}"];
            return null;
        }

        var result = ConfigLoader.Load(path);
        if (!result.Succeeded)
        {
            errors = [.. result.Diagnostics.Where(d => d.IsError).Select(d => d.ToString())];
            return null;
        }

        if (result.Config.FindNode(node) is null)
        {
            errors = [$"{path}: error: node {node} is not in this file (nodes: {string.Join(", ", result.Config.Nodes.Select(n => n.Name))})"];
            return null;
        }

        errors = [];
        return new LoadedConfig(Path.GetFullPath(path), result.Config.ForNode(node), Convert.ToHexStringLower(SHA256.HashData(bytes)), now);
    }
}
