using Fulcrum.Core.Config;

namespace Fulcrum.Core.Tests.Config;

/// <summary>
/// A small valid config and a way to plant one mistake in it. In the replacement text, '⟨' marks
/// where the diagnostic must point; it is removed before parsing.
/// </summary>
internal static class ConfigText
{
    public const string Marker = "⟨";

    public const string Valid = """
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
            vips: [203.0.113.100, 203.0.113.101]
          private:
            interface: eth1
            prefix: 192.168.20.0/24
            vip: 192.168.20.254
        ha:
          vrid: 51
          advert: 100ms
        services:
          - name: web
            listen: 203.0.113.100:80/tcp
            scheduler: wrr
            check:
              http: { path: /health }
              interval: 1s
              timeout: 500ms
            servers:
              - { address: 192.168.20.11:80, weight: 3 }
              - { address: 192.168.20.12 }
          - name: dns
            listen: 203.0.113.101:53/udp
            servers:
              - { address: 192.168.20.21 }
        firewall:
          admin:
            ssh_port: 2222
            from: [198.51.100.0/24]
          egress:
            allow: [tcp/80, tcp/443, udp/53]
        """;

    public static ConfigLoadResult Parse(string text) => ConfigLoader.Parse(text.Replace("\r\n", "\n", StringComparison.Ordinal), "test.yaml");

    /// <summary>The valid config with <paramref name="find"/> (which must occur once) replaced.</summary>
    public static (string Text, (int Line, int Column)? Expected) Plant(string find, string replace)
    {
        string valid = Valid.Replace("\r\n", "\n", StringComparison.Ordinal);
        int at = valid.IndexOf(find, StringComparison.Ordinal);
        if (at < 0 || valid.IndexOf(find, at + 1, StringComparison.Ordinal) >= 0)
        {
            throw new ArgumentException($"'{find}' must occur exactly once in the valid config", nameof(find));
        }

        string marked = valid[..at] + replace + valid[(at + find.Length)..];
        int marker = marked.IndexOf(Marker, StringComparison.Ordinal);
        if (marker < 0)
        {
            return (marked, null);
        }

        string before = marked[..marker];
        int line = before.Count(c => c == '\n') + 1;
        int column = marker - (before.LastIndexOf('\n') + 1) + 1;
        return (marked.Remove(marker, Marker.Length), (line, column));
    }
}
