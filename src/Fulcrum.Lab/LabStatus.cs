namespace Fulcrum.Lab;

/// <summary>What exists of a lab, as the kernel and the process table report it.</summary>
/// <param name="Prefix">The lab's name prefix.</param>
/// <param name="StateDirectory">Where its nginx files are.</param>
/// <param name="StateDirectoryExists">Whether that directory exists.</param>
/// <param name="Namespaces">Its namespaces, in topology order.</param>
/// <param name="WebServers">The nginx of each real server that has a state directory.</param>
public sealed record LabStatus(
    string Prefix,
    string StateDirectory,
    bool StateDirectoryExists,
    IReadOnlyList<NamespaceStatus> Namespaces,
    IReadOnlyList<WebServerStatus> WebServers)
{
    /// <summary>Whether anything of the lab exists.</summary>
    public bool Exists => Namespaces.Count > 0 || StateDirectoryExists;
}
