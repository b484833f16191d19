using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Fulcrum.Integration.Tests.Systemd;

/// <summary>
/// A Debian 12 container booted with systemd (<c>systemd-nspawn --boot</c>) inside a lab balancer's
/// network namespace, on an overlay of the cached root file system (so it starts clean and the
/// cache stays untouched). PID 1 of this machine is not systemd, so the container is not registered
/// with machined (<c>--register=no --keep-unit</c>); commands run in it with <c>nsenter</c> into its
/// init's namespaces, and its files are reached through <c>/proc/INIT/root</c>. Dispose powers it off
/// (SIGTERM to nspawn: a clean shutdown of the container), SIGKILL after a deadline, then unmounts and
/// removes the overlay.
/// </summary>
internal sealed class NspawnContainer : IAsyncDisposable
{
    private readonly Process _nspawn;
    private readonly string _directory;
    private readonly string _merged;

    private NspawnContainer(string name, Process nspawn, string directory, string merged, int leader)
    {
        Name = name;
        _nspawn = nspawn;
        _directory = directory;
        _merged = merged;
        Leader = leader;
    }

    public string Name { get; }

    /// <summary>The container's systemd (PID 1 inside), as this machine sees it.</summary>
    public int Leader { get; }

    /// <summary>A path inside the running container, seen from this machine.</summary>
    public string PathOf(string inside) => $"/proc/{Leader}/root{inside}";

    /// <summary>Boots a container named <paramref name="name"/> in network namespace <paramref name="netns"/>; waits until systemd reports the boot finished.</summary>
    public static async Task<NspawnContainer> BootAsync(string name, string rootfs, string netns, string workDirectory)
    {
        string directory = Path.Combine(workDirectory, name);
        string upper = Path.Combine(directory, "upper"), work = Path.Combine(directory, "work"), merged = Path.Combine(directory, "merged");
        foreach (var d in new[] { upper, work, merged })
        {
            Directory.CreateDirectory(d);
        }

        Run("mount", "-t", "overlay", "overlay", "-o", $"lowerdir={rootfs},upperdir={upper},workdir={work}", merged);
        File.WriteAllText(Path.Combine(merged, "etc", "hostname"), name + "\n");
        // The balancer is the namespace's administrator: nspawn grants CAP_NET_ADMIN only on request
        // when the network namespace is not its own.
        var start = new ProcessStartInfo("systemd-nspawn")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in new[]
        {
            "-D", merged, "--boot", "--register=no", "--keep-unit", "--machine=" + name, "--hostname=" + name,
            "--network-namespace-path=/run/netns/" + netns, "--capability=CAP_NET_ADMIN", "--console=pipe",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var nspawn = Process.Start(start)!;
        var console = new StringBuilder();
        nspawn.OutputDataReceived += (_, e) => { lock (console) { console.AppendLine(e.Data); } };
        nspawn.ErrorDataReceived += (_, e) => { lock (console) { console.AppendLine(e.Data); } };
        nspawn.BeginOutputReadLine();
        nspawn.BeginErrorReadLine();

        int leader = 0;
        var deadline = Stopwatch.StartNew();
        while (leader == 0 && deadline.Elapsed < TimeSpan.FromSeconds(30) && !nspawn.HasExited)
        {
            // nspawn's child is the container's init.
            var children = $"/proc/{nspawn.Id}/task/{nspawn.Id}/children";
            var text = File.Exists(children) ? File.ReadAllText(children).Trim() : "";
            if (text.Length > 0 && File.ReadAllText($"/proc/{text.Split(' ')[0]}/comm").Trim() == "systemd")
            {
                leader = int.Parse(text.Split(' ')[0], CultureInfo.InvariantCulture);
            }
            else
            {
                await Task.Delay(50);
            }
        }

        if (leader == 0)
        {
            string output;
            lock (console)
            {
                output = console.ToString();
            }

            throw new InvalidOperationException($"container {name} did not start:\n{output}");
        }

        var container = new NspawnContainer(name, nspawn, directory, merged, leader);
        try
        {
            // Until systemd's own bus is up, systemctl cannot even ask, and before it has set up /run it
            // answers "offline"; then --wait waits for the boot's end.
            (int Exit, string Stdout, string Stderr) running;
            do
            {
                running = await container.ExecAsync("systemctl", "is-system-running", "--wait");
            }
            while (running.Stdout.Trim() is "" or "offline" && deadline.Elapsed < TimeSpan.FromSeconds(60) && await Delay());

            Assert.True(running.Stdout.Trim() is "running" or "degraded", $"container {name}: boot ended {running.Stdout}{running.Stderr}");
            return container;
        }
        catch
        {
            await container.DisposeAsync();
            throw;
        }

        static async Task<bool> Delay()
        {
            await Task.Delay(100);
            return true;
        }
    }

    /// <summary>Runs a command inside the container (all of its namespaces) and returns exit code and output.</summary>
    public Task<(int Exit, string Stdout, string Stderr)> ExecAsync(params string[] command) =>
        RunAsync(["nsenter", "-t", Leader.ToString(CultureInfo.InvariantCulture), "-a", .. command]);

    /// <summary>Like <see cref="ExecAsync"/>, and asserts it succeeded.</summary>
    public async Task<string> CheckAsync(params string[] command)
    {
        var (exit, stdout, stderr) = await ExecAsync(command);
        Assert.True(exit == 0, $"{Name}: {string.Join(' ', command)} exited {exit}:\n{stdout}{stderr}");
        return stdout;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_nspawn.HasExited)
        {
            // nspawn turns SIGTERM into a clean power-off of the container's systemd.
            Run("kill", "-TERM", _nspawn.Id.ToString(CultureInfo.InvariantCulture));
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await _nspawn.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                _nspawn.Kill(entireProcessTree: true);
                await _nspawn.WaitForExitAsync();
            }
        }

        _nspawn.Dispose();
        Run("umount", _merged);
        Directory.Delete(_directory, recursive: true);
    }

    private static void Run(params string[] command)
    {
        var (exit, stdout, stderr) = RunAsync(command).GetAwaiter().GetResult();
        if (exit != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', command)} exited {exit}: {stdout}{stderr}");
        }
    }

    public static Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] command) => RunAsync(TimeSpan.FromMinutes(3), command);

    public static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(TimeSpan limit, params string[] command)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        start.Environment["SYSTEMD_PAGER"] = "";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(limit);
        await process.WaitForExitAsync(deadline.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
