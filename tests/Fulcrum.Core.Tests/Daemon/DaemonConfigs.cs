using Fulcrum.Core.Config;

namespace Fulcrum.Core.Tests.Daemon;

/// <summary>Small cluster files for the daemon's tests: the minimal example with the services given.</summary>
internal static class DaemonConfigs
{
    private const string Head = """
        cluster: web
        nodes:
          lb1:
            priority: 150
            addresses: { public: 203.0.113.1, private: 192.168.20.1 }
          lb2:
            priority: 100
            addresses: { public: 203.0.113.2, private: 192.168.20.2 }
        networks:
          public:
            interface: eth0
            prefix: 203.0.113.0/24
            vip: 203.0.113.100
          private:
            interface: eth1
            prefix: 192.168.20.0/24
            vip: 192.168.20.254
        ha:
          vrid: 51
        firewall:
          admin:
            ssh_port: 2222
            from: [198.51.100.0/24]

        """;

    /// <summary>A YAML file with <paramref name="services"/> (the text under <c>services:</c>).</summary>
    public static string Text(string services, string ha = "  vrid: 51\n") =>
        Head.Replace("ha:\n  vrid: 51\n", "ha:\n" + ha, StringComparison.Ordinal) + "services:\n" + services;

    /// <summary>Service <paramref name="name"/> on port <paramref name="port"/> with servers 192.168.20.HOST:80 of the given weights.</summary>
    public static string Service(string name, int port, params (int Host, int Weight)[] servers) =>
        $"  - name: {name}\n    listen: 203.0.113.100:{port}/tcp\n    servers:\n" +
        string.Concat(servers.Select(s => $"      - {{ address: 192.168.20.{s.Host}:80, weight: {s.Weight} }}\n"));

    public static NodeView View(string services)
    {
        var loaded = ConfigLoader.Parse(Text(services), "test.yaml");
        Assert.True(loaded.Succeeded, string.Join("\n", loaded.Diagnostics));
        return loaded.Config.ForNode("lb1");
    }
}
