namespace Fulcrum.Lab;

public sealed partial class NetworkLab
{
    /// <summary>
    /// Builds the lab. Leftovers of an earlier run with the same prefix are removed first; if building
    /// fails midway, everything made so far is removed and a <see cref="LabException"/> gives the cause.
    /// </summary>
    public async Task UpAsync(CancellationToken cancellationToken = default)
    {
        await DownAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await BuildAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception failure)
        {
            try
            {
                // Not the caller's token: a cancelled build must still be cleaned up.
                await DownAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception cleanup)
            {
                throw new LabException(
                    $"lab up failed: {failure.Message}; removing what it made failed too: {cleanup.Message}", failure);
            }

            if (failure is OperationCanceledException)
            {
                throw;
            }

            throw new LabException($"lab up failed (what it made was removed): {failure.Message}", failure);
        }
    }

    private async Task BuildAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(StateDirectory);
        foreach (var ns in Topology.Namespaces)
        {
            await RunCheckedAsync(["ip", "netns", "add", ns], cancellationToken).ConfigureAwait(false);
            await RunCheckedAsync(["ip", "-n", ns, "link", "set", "dev", "lo", "up"], cancellationToken).ConfigureAwait(false);
        }

        foreach (var network in LabTopology.Networks)
        {
            await RunCheckedAsync(["ip", "-n", Topology.SwitchNamespace, "link", "add", "name", network.Bridge, "type", "bridge"], cancellationToken).ConfigureAwait(false);
            await RunCheckedAsync(["ip", "-n", Topology.SwitchNamespace, "link", "set", "dev", network.Bridge, "up"], cancellationToken).ConfigureAwait(false);
        }

        foreach (var node in Topology.Nodes)
        {
            foreach (var link in node.Links)
            {
                await ConnectAsync(node, link, cancellationToken).ConfigureAwait(false);
            }

            await ConfigureAsync(node, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A veth pair from the switch's bridge to the node; the node's end is renamed as it moves.</summary>
    private async Task ConnectAsync(LabNode node, LabLink link, CancellationToken cancellationToken)
    {
        var sw = Topology.SwitchNamespace;
        await RunCheckedAsync(["ip", "-n", sw, "link", "add", "name", link.SwitchPort, "type", "veth", "peer", "name", link.Interface, "netns", node.Namespace], cancellationToken).ConfigureAwait(false);
        await RunCheckedAsync(["ip", "-n", sw, "link", "set", "dev", link.SwitchPort, "master", link.Network.Bridge], cancellationToken).ConfigureAwait(false);
        await RunCheckedAsync(["ip", "-n", sw, "link", "set", "dev", link.SwitchPort, "up"], cancellationToken).ConfigureAwait(false);
        await RunCheckedAsync(["ip", "-n", node.Namespace, "addr", "add", link.Cidr, "dev", link.Interface], cancellationToken).ConfigureAwait(false);
        await RunCheckedAsync(["ip", "-n", node.Namespace, "link", "set", "dev", link.Interface, "up"], cancellationToken).ConfigureAwait(false);
    }

    private async Task ConfigureAsync(LabNode node, CancellationToken cancellationToken)
    {
        if (node.DefaultGateway is { } gateway)
        {
            // The gateway may be a VIP nobody holds yet; "onlink" installs the route regardless.
            await RunCheckedAsync(["ip", "-n", node.Namespace, "route", "add", "default", "via", gateway.ToString(), "dev", node.Links[0].Interface, "onlink"], cancellationToken).ConfigureAwait(false);
        }

        switch (node.Role)
        {
            case LabRole.Balancer:
                await RunCheckedAsync(["ip", "netns", "exec", node.Namespace, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1"], cancellationToken).ConfigureAwait(false);
                break;
            case LabRole.RealServer:
                await StartNginxAsync(node, cancellationToken).ConfigureAwait(false);
                break;
            default:
                break;
        }
    }

    private async Task StartNginxAsync(LabNode server, CancellationToken cancellationToken)
    {
        var site = Site(server);
        Directory.CreateDirectory(site.Directory);
        await File.WriteAllTextAsync(site.ConfigPath, site.RenderConfig(), cancellationToken).ConfigureAwait(false);
        await RunCheckedAsync(site.CertificateCommand, cancellationToken).ConfigureAwait(false);
        await RunCheckedAsync(site.StartCommand, cancellationToken).ConfigureAwait(false);

        // The daemon writes its pid file after the starting process has exited.
        await ConditionWaiter.WaitAsync(
            _ => Task.FromResult(site.ReadPid() is { } pid && _processes.IsRunning(pid)),
            NginxStartTimeout, $"nginx of {server.Name} to write {site.PidFile}", _time, cancellationToken).ConfigureAwait(false);
        await ConditionWaiter.WaitAsync(
            async ct => (await ExecAsync(server, ["ss", "-H", "-l", "-t", "-n", "sport", "=", ":80"], ct).ConfigureAwait(false))
                .EnsureSuccess().StandardOutput.Trim().Length > 0,
            NginxStartTimeout, $"nginx of {server.Name} to listen on port 80", _time, cancellationToken).ConfigureAwait(false);
    }
}
