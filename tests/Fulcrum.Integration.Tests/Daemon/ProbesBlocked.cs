namespace Fulcrum.Integration.Tests.Daemon;

/// <summary>
/// Drops what a balancer itself sends to the real servers' port 80 (its health probes; forwarded
/// client traffic takes the forward hook, not output), in a table of its own inside the balancer's
/// namespace; Dispose deletes the table.
/// </summary>
internal sealed class ProbesBlocked : IDisposable
{
    private const string Table = "ft_probes_blocked";
    private readonly string _namespace;

    private ProbesBlocked(string networkNamespace) => _namespace = networkNamespace;

    public static ProbesBlocked In(string networkNamespace)
    {
        var blocked = new ProbesBlocked(networkNamespace);
        Nft($"add table ip {Table}");
        Nft($"add chain ip {Table} out {{ type filter hook output priority 0 ; }}");
        Nft($"add rule ip {Table} out ip daddr 192.168.20.0/24 tcp dport 80 drop");
        return blocked;

        void Nft(string command)
        {
            var (exit, _, stderr) = DaemonLab.Run("ip", "netns", "exec", networkNamespace, "nft", command);
            Assert.True(exit == 0, $"nft {command}: {stderr}");
        }
    }

    public void Dispose() => DaemonLab.Run("ip", "netns", "exec", _namespace, "nft", "delete", "table", "ip", Table);
}
