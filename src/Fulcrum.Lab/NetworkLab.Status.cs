using System.Globalization;
using System.Text.Json;

namespace Fulcrum.Lab;

public sealed partial class NetworkLab
{
    /// <summary>What exists of this lab now: namespaces, their interfaces and addresses, nginx processes.</summary>
    public async Task<LabStatus> StatusAsync(CancellationToken cancellationToken = default)
    {
        var namespaces = new List<NamespaceStatus>();
        foreach (var ns in await ListNamespacesAsync(cancellationToken).ConfigureAwait(false))
        {
            var output = (await RunCheckedAsync(["ip", "-n", ns, "-j", "addr", "show"], cancellationToken).ConfigureAwait(false)).StandardOutput;
            namespaces.Add(new NamespaceStatus(ns, Topology.RoleOf(ns), ParseInterfaces(output)));
        }

        return new LabStatus(Topology.Prefix, StateDirectory, Directory.Exists(StateDirectory), namespaces, WebServers());
    }

    private List<WebServerStatus> WebServers()
    {
        if (!Directory.Exists(StateDirectory))
        {
            return [];
        }

        return
        [
            .. Directory.EnumerateDirectories(StateDirectory)
                .Select(dir => new NginxSite(ServerNamed(Path.GetFileName(dir)), StateDirectory))
                .OrderBy(site => NumberSuffix(site.Server.Name))
                .Select(site => (site.Server.Name, Pid: site.ReadPid(), Site: site))
                .Select(s => new WebServerStatus(s.Name, s.Pid, s.Pid is { } pid && s.Site.IsMaster(_processes, pid))),
        ];
    }

    private static List<InterfaceStatus> ParseInterfaces(string ipJson)
    {
        using var json = JsonDocument.Parse(ipJson);
        return
        [
            .. json.RootElement.EnumerateArray().Select(link => new InterfaceStatus(
                link.GetProperty("ifname").GetString() ?? "",
                link.TryGetProperty("operstate", out var state) ? state.GetString() ?? "" : "",
                link.TryGetProperty("master", out var master) ? master.GetString() : null,
                [
                    .. link.GetProperty("addr_info").EnumerateArray()
                        .Where(a => a.GetProperty("family").GetString() == "inet")
                        .Select(a => string.Create(CultureInfo.InvariantCulture, $"{a.GetProperty("local").GetString()}/{a.GetProperty("prefixlen").GetInt32()}")),
                ])),
        ];
    }
}
