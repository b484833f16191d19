using System.Text.Json;
using Fulcrum.Lab;

namespace Fulcrum.Integration.Tests.Lab;

/// <summary>Up and down leave nothing behind, repeat safely, and clean up after themselves.</summary>
[Collection(LabTestGroup.Name)]
public sealed class LabLifecycleTests
{
    private readonly LinuxProcessControl _processes = new();
    private readonly ProcessCommandRunner _host = new();

    [PrivilegedFact]
    public async Task Down_removes_namespaces_veths_processes_and_state()
    {
        await using var owned = OwnedLab.Create(servers: 2);
        var lab = owned.Lab;
        await lab.UpAsync();
        var pids = (await lab.StatusAsync()).WebServers.Select(w => w.Pid!.Value).ToList();
        Assert.Equal(2, pids.Count);

        await lab.DownAsync();

        Assert.Empty(await HostNamespacesAsync(lab.Topology));
        Assert.DoesNotContain(pids, _processes.IsRunning);
        Assert.False(Directory.Exists(lab.StateDirectory), $"{lab.StateDirectory} still exists");
        Assert.False((await lab.StatusAsync()).Exists);
        var hostVeths = await _host.RunAsync(["ip", "-j", "link", "show", "type", "veth"], CancellationToken.None);
        var switchPorts = lab.Topology.Nodes.SelectMany(n => n.Links).Select(l => l.SwitchPort).ToHashSet();
        Assert.DoesNotContain(InterfaceNames(hostVeths.EnsureSuccess().StandardOutput), switchPorts.Contains);
    }

    [PrivilegedFact]
    public async Task Up_twice_replaces_the_first_lab()
    {
        await using var owned = OwnedLab.Create(servers: 1);
        var lab = owned.Lab;
        await lab.UpAsync();
        var firstPid = (await lab.StatusAsync()).WebServers.Single().Pid!.Value;

        await lab.UpAsync();

        Assert.False(_processes.IsRunning(firstPid), $"the first run's nginx {firstPid} is still running");
        var status = await lab.StatusAsync();
        Assert.True(status.WebServers.Single().Running);
        Assert.Equal(lab.Topology.Namespaces, status.Namespaces.Select(n => n.Name));
        var rs1 = lab.Topology.RealServers[0];
        var page = await lab.ExecAsync(lab.Topology.Balancers[1], ["curl", "-sS", "--max-time", "5", $"http://{rs1.AddressOn(LabNetwork.Private)}/"]);
        Assert.Equal("rs1 saw 192.168.20.2\n", page.EnsureSuccess().StandardOutput);
    }

    [PrivilegedFact]
    public async Task Down_when_nothing_exists_succeeds()
    {
        await using var owned = OwnedLab.Create();

        await owned.Lab.DownAsync();

        Assert.False((await owned.Lab.StatusAsync()).Exists);
    }

    private async Task<List<string>> HostNamespacesAsync(LabTopology topology)
    {
        var output = (await _host.RunAsync(["ip", "-j", "netns", "list"], CancellationToken.None)).EnsureSuccess().StandardOutput;
        return string.IsNullOrWhiteSpace(output)
            ? []
            : [.. InterfaceOrNamespaceNames(output, "name").Where(n => n.StartsWith(topology.Prefix, StringComparison.Ordinal))];
    }

    private static List<string> InterfaceNames(string ipJson) =>
        string.IsNullOrWhiteSpace(ipJson) ? [] : InterfaceOrNamespaceNames(ipJson, "ifname");

    private static List<string> InterfaceOrNamespaceNames(string json, string property)
    {
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.EnumerateArray().Select(e => e.GetProperty(property).GetString() ?? "")];
    }
}
