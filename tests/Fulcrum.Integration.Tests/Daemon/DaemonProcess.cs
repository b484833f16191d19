using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using Fulcrum.Core.Status;
using Fulcrum.Integration.Tests.Cli;

namespace Fulcrum.Integration.Tests.Daemon;

/// <summary>
/// <c>./fulcrum run FILE --node NAME --netns NS --state-dir DIR</c> as a real process, with an HTTP
/// client on its Unix socket. Dispose stops it with SIGTERM (VRRP resigns), and SIGKILL after 15 s.
/// </summary>
internal sealed class DaemonProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private DaemonProcess(Process process, string socket)
    {
        _process = process;
        Socket = socket;
        Http = ClientFor(socket);
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Socket { get; }

    public HttpClient Http { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static DaemonProcess Start(string config, string node, string netns, string stateDir, params string[] extra)
    {
        var start = new ProcessStartInfo(Path.Combine(FulcrumProcess.RepoRoot, "fulcrum"))
        {
            WorkingDirectory = FulcrumProcess.RepoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "run", config, "--node", node, "--netns", netns, "--state-dir", stateDir }.Concat(extra))
        {
            start.ArgumentList.Add(argument);
        }

        return new DaemonProcess(Process.Start(start)!, Path.Combine(stateDir, node, "api.sock"));
    }

    /// <summary>An HTTP client that connects to <paramref name="socket"/>.</summary>
    public static HttpClient ClientFor(string socket) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (_, ct) =>
        {
            var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await s.ConnectAsync(new UnixDomainSocketEndPoint(socket), ct);
                return new NetworkStream(s, ownsSocket: true);
            }
            catch
            {
                s.Dispose();
                throw;
            }
        },
    })
    {
        BaseAddress = new Uri("http://fulcrum/"),
        Timeout = TimeSpan.FromSeconds(70),
    };

    public async Task<StatusSnapshot> StatusAsync() =>
        (await Http.GetFromJsonAsync<StatusSnapshot>("v1/status", StatusJson.Options))!;

    /// <summary>Waits until the API answers and <paramref name="condition"/> holds for the status (deadline 60 s: the first run may build the CLI).</summary>
    public async Task<StatusSnapshot> WaitForAsync(Func<StatusSnapshot, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.StartNew();
        StatusSnapshot? last = null;
        while (deadline.Elapsed < (timeout ?? TimeSpan.FromSeconds(60)))
        {
            Assert.False(_process.HasExited, "the daemon exited:\n" + Output);
            if (File.Exists(Socket))
            {
                try
                {
                    last = await StatusAsync();
                    if (condition(last))
                    {
                        return last;
                    }
                }
                catch (HttpRequestException)
                {
                }
            }

            await Task.Delay(50);
        }

        Assert.Fail($"condition not met; last status {(last is null ? "none" : System.Text.Json.JsonSerializer.Serialize(last, StatusJson.Options))}\n{Output}");
        return last!;
    }

    public async Task<EventPage> EventsAsync(long after = 0) =>
        (await Http.GetFromJsonAsync<EventPage>($"v1/events?after={after}", StatusJson.Options))!;

    public async Task<(int Status, string Body)> PostAsync(string path, string json)
    {
        using var response = await Http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>kill -9: nothing runs after it (no resignation, no cleanup).</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM and wait for the exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (!_process.HasExited)
        {
            Signal("TERM");
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill();
                await _process.WaitForExitAsync();
            }
        }

        return _process.ExitCode;
    }

    public void Signal(string name)
    {
        using var kill = Process.Start("kill", ["-" + name, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Http.Dispose();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
