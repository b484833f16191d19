using System.Globalization;
using System.Text.Json;

namespace Fulcrum.Lab;

public sealed partial class NetworkLab
{
    /// <summary>
    /// Removes everything a lab with this prefix made, whatever its server count: processes, namespaces
    /// (their veth pairs go with them) and the state directory. Succeeds when nothing exists.
    /// </summary>
    public async Task DownAsync(CancellationToken cancellationToken = default)
    {
        var namespaces = await ListNamespacesAsync(cancellationToken).ConfigureAwait(false);
        var pids = new HashSet<int>(RecordedNginxPids());
        foreach (var ns in namespaces)
        {
            pids.UnionWith(await NamespacePidsAsync(ns, cancellationToken).ConfigureAwait(false));
        }

        await StopAsync(pids, cancellationToken).ConfigureAwait(false);

        // The switch last: until then every veth still has a peer to be deleted with.
        foreach (var ns in namespaces.OrderBy(n => n == Topology.SwitchNamespace))
        {
            await RunCheckedAsync(["ip", "netns", "delete", ns], cancellationToken).ConfigureAwait(false);
        }

        if (Directory.Exists(StateDirectory))
        {
            Directory.Delete(StateDirectory, recursive: true);
        }

        RemoveIfEmpty(Path.GetDirectoryName(StateDirectory));
    }

    /// <summary>The shared state root goes with the last lab; another lab's files keep it.</summary>
    private static void RemoveIfEmpty(string? directory)
    {
        if (directory is not null && Directory.Exists(directory) && !Directory.EnumerateFileSystemEntries(directory).Any())
        {
            try
            {
                Directory.Delete(directory);
            }
            catch (IOException)
            {
                // A parallel lab has just created its directory in it.
            }
        }
    }

    /// <summary>The namespaces of this lab that exist now, in topology order.</summary>
    private async Task<IReadOnlyList<string>> ListNamespacesAsync(CancellationToken cancellationToken)
    {
        var output = (await RunCheckedAsync(["ip", "-j", "netns", "list"], cancellationToken).ConfigureAwait(false)).StandardOutput;
        if (string.IsNullOrWhiteSpace(output))
        {
            return []; // ip prints nothing at all when there is no namespace
        }

        using var json = JsonDocument.Parse(output);
        return
        [
            .. json.RootElement.EnumerateArray()
                .Select(e => e.GetProperty("name").GetString() ?? "")
                .Where(Topology.Owns)
                .OrderBy(Topology.RoleOf)
                .ThenBy(NumberSuffix)
                .ThenBy(n => n, StringComparer.Ordinal),
        ];
    }

    private static int NumberSuffix(string name)
    {
        var digits = name.Length - name.AsSpan().TrimEnd("0123456789").Length;
        return digits == 0 ? 0 : int.Parse(name.AsSpan(name.Length - digits), CultureInfo.InvariantCulture);
    }

    /// <summary>Pids of processes whose network namespace is <paramref name="ns"/>.</summary>
    private async Task<IEnumerable<int>> NamespacePidsAsync(string ns, CancellationToken cancellationToken)
    {
        var output = (await RunCheckedAsync(["ip", "netns", "pids", ns], cancellationToken).ConfigureAwait(false)).StandardOutput;
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => int.Parse(p, NumberStyles.None, CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// nginx masters named by the pid files, checked against their command line so a recycled pid is
    /// never signalled. They may outlive their namespace if it was deleted under them.
    /// </summary>
    private IEnumerable<int> RecordedNginxPids()
    {
        if (!Directory.Exists(StateDirectory))
        {
            return [];
        }

        return Directory.EnumerateDirectories(StateDirectory)
            .Select(dir => new NginxSite(ServerNamed(Path.GetFileName(dir)), StateDirectory))
            .Select(site => (Site: site, Pid: site.ReadPid()))
            .Where(s => s.Pid is { } pid && s.Site.IsMaster(_processes, pid))
            .Select(s => s.Pid!.Value);
    }

    /// <summary>A real-server node for a name found on disk; the lab may have had more servers than this topology.</summary>
    private LabNode ServerNamed(string name) =>
        Topology.RealServers.FirstOrDefault(s => s.Name == name)
        ?? new LabNode(name, Topology.Prefix + name, LabRole.RealServer, [], null);

    /// <summary>SIGTERM, then SIGKILL for whatever is still running when the deadline passes.</summary>
    private async Task StopAsync(HashSet<int> pids, CancellationToken cancellationToken)
    {
        if (pids.Count == 0)
        {
            return;
        }

        foreach (var pid in pids)
        {
            _processes.Terminate(pid);
        }

        try
        {
            await WaitForExitAsync(pids, cancellationToken).ConfigureAwait(false);
        }
        catch (LabException)
        {
            foreach (var pid in pids.Where(_processes.IsRunning))
            {
                _processes.Kill(pid);
            }

            await WaitForExitAsync(pids, cancellationToken).ConfigureAwait(false);
        }
    }

    private Task WaitForExitAsync(HashSet<int> pids, CancellationToken cancellationToken) =>
        ConditionWaiter.WaitAsync(
            _ => Task.FromResult(!pids.Any(_processes.IsRunning)),
            ProcessExitTimeout,
            $"processes {string.Join(", ", pids)} of lab {Topology.Prefix} to exit",
            _time,
            cancellationToken);
}
