using Fulcrum.Integration.Tests.Netlink;

namespace Fulcrum.Integration.Tests.Firewall;

/// <summary>
/// A namespace shaped like lab node lb1 (eth0 203.0.113.1/24, eth1 192.168.20.1/24, each a veth
/// whose peer stays in the same namespace) and a copy of examples/lab.yaml whose state_dir is a
/// temporary directory, so the firewall commands can run against it.
/// </summary>
internal sealed class FirewallNode : IDisposable
{
    private readonly TestNamespace _ns = new("ftfw");
    private readonly string _directory = Directory.CreateTempSubdirectory("fulcrum-fw-test").FullName;

    public FirewallNode()
    {
        foreach ((string name, string cidr) in new[] { ("eth0", "203.0.113.1/24"), ("eth1", "192.168.20.1/24") })
        {
            ProcessRunner.Run("ip", "-n", Name, "link", "add", name, "type", "veth", "peer", "name", name + "p");
            ProcessRunner.Run("ip", "-n", Name, "addr", "add", cidr, "dev", name);
            ProcessRunner.Run("ip", "-n", Name, "link", "set", name, "up");
            ProcessRunner.Run("ip", "-n", Name, "link", "set", name + "p", "up");
        }

        ProcessRunner.Run("ip", "-n", Name, "link", "set", "lo", "up");
        Config = WriteConfig("lab.yaml", sshPort: 2222);
    }

    public string Name => _ns.Name;

    public string Config { get; }

    public string StateDir => Path.Combine(_directory, "state");

    /// <summary>The lab config with another ssh_port (a different firewall), and its web service SYN-proxied when <paramref name="synProxy"/>.</summary>
    public string WriteConfig(string name, int sshPort, bool synProxy = false)
    {
        string text = File.ReadAllText(Path.Combine(Cli.FulcrumProcess.RepoRoot, "examples", "lab.yaml"))
            .Replace("state_dir: /run/fulcrum", $"state_dir: {StateDir}", StringComparison.Ordinal)
            .Replace("ssh_port: 2222", $"ssh_port: {sshPort}", StringComparison.Ordinal);
        if (synProxy)
        {
            text = text.Replace("    scheduler: wrr\n", "    scheduler: wrr\n    syn_proxy: true\n", StringComparison.Ordinal);
        }

        string path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    public string Nft(params string[] arguments) => _ns.Nft(arguments);

    public bool HasTable(string name) => Nft("list", "tables").Contains($"table inet {name}\n", StringComparison.Ordinal);

    public string ListJson() => Nft("-j", "list", "table", "inet", "fulcrum_filter");

    public void Dispose()
    {
        _ns.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
