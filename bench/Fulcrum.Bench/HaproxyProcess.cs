using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Fulcrum.Bench;

/// <summary>
/// The HAProxy baseline of the throughput benchmark: Debian's haproxy (2.6) in TCP mode in the
/// balancer's namespace, listening on an address of its own and forwarding to one real server.
/// Its configuration is generated into a temporary directory; the process is started in the
/// foreground (<c>-db</c>, so <c>ip netns exec</c>'s pid is haproxy's) and killed by that pid.
/// </summary>
internal sealed class HaproxyProcess : IAsyncDisposable
{
    private static readonly string[] SearchPath = ["/usr/sbin", "/usr/bin", "/usr/local/sbin"];
    private readonly Process _process;
    private readonly string _directory;

    private HaproxyProcess(Process process, string directory)
    {
        _process = process;
        _directory = directory;
    }

    /// <summary>haproxy's path, or null when it is not installed (apt-get install -y haproxy).</summary>
    public static string? Executable =>
        SearchPath.Select(d => Path.Combine(d, "haproxy")).FirstOrDefault(File.Exists);

    /// <summary>The configuration: TCP mode, no logging, one server; threads default to the machine's cores.</summary>
    public static string RenderConfig(IPEndPoint listen, IPEndPoint server) => string.Create(CultureInfo.InvariantCulture, $"""
        # Written by the Fulcrum throughput benchmark: the HAProxy baseline, TCP mode.
        global
            maxconn 4096

        defaults
            mode tcp
            timeout connect 5s
            timeout client 30s
            timeout server 30s

        frontend bench
            bind {listen}
            default_backend real_server

        backend real_server
            server rs1 {server}

        """);

    /// <summary>Starts haproxy in namespace NS and waits (up to 30 s) until it accepts connections from inside NS.</summary>
    public static async Task<HaproxyProcess> StartAsync(string executable, string netns, IPEndPoint listen, IPEndPoint server)
    {
        var directory = Directory.CreateTempSubdirectory("fulcrum-bench-haproxy.").FullName;
        var config = Path.Combine(directory, "haproxy.cfg");
        await File.WriteAllTextAsync(config, RenderConfig(listen, server));
        var start = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "netns", "exec", netns, executable, "-db", "-f", config })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        var output = new HaproxyProcess(process, directory);
        _ = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        var deadline = Stopwatch.StartNew();
        while (!Listening(netns, listen))
        {
            if (process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                var exited = process.HasExited ? $"exited with {process.ExitCode}: {await errors}" : "still running after 30 s";
                await output.DisposeAsync();
                throw new InvalidOperationException($"haproxy did not listen on {listen} in {netns} ({exited})");
            }

            await Task.Delay(100);
        }

        return output;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(); // SIGKILL of this pid only: haproxy keeps no state worth a clean stop
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static bool Listening(string netns, IPEndPoint listen) =>
        BenchNamespace.Run("ip", "netns", "exec", netns, "ss", "-Hltn", "src", listen.ToString())
            .Contains(listen.ToString(), StringComparison.Ordinal);
}
