using System.CommandLine;
using System.Net.Sockets;
using System.Text.Json;
using Fulcrum.Cli;
using Fulcrum.Cli.Commands;
using Fulcrum.Core.Status;
using Fulcrum.Core.Tests.Config;
using Microsoft.Extensions.Time.Testing;

namespace Fulcrum.Core.Tests.Cli.Api;

/// <summary>
/// The API commands end to end through real sockets: the command line is parsed and invoked as
/// `fulcrum` does, the client talks HTTP to a fake daemon on a temporary Unix socket (or
/// 127.0.0.1), and the tests assert the exact requests sent, the output and the exit code.
/// </summary>
public sealed class ApiCommandsTests : IDisposable
{
    private readonly DirectoryInfo _stateDir = Directory.CreateTempSubdirectory("fulcrum-cli-");
    private readonly string _config;

    public ApiCommandsTests()
    {
        // The lab's file with state_dir pointing at this test's directory: lb1's socket is <dir>/lb1/api.sock.
        string yaml = File.ReadAllText(RepoPaths.File("examples", "lab.yaml"))
            .Replace("state_dir: /run/fulcrum", $"state_dir: {_stateDir.FullName}", StringComparison.Ordinal);
        Assert.Contains(_stateDir.FullName, yaml, StringComparison.Ordinal);
        _config = Path.Combine(_stateDir.FullName, "fulcrum.yaml");
        File.WriteAllText(_config, yaml);
        Directory.CreateDirectory(Path.Combine(_stateDir.FullName, "lb1"));
    }

    private string Lb1Socket => Path.Combine(_stateDir.FullName, "lb1", "api.sock");

    public void Dispose() => _stateDir.Delete(recursive: true);

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, StatusJson.Options);

    private static ParseResult Parse(params string[] args)
    {
        var root = new RootCommand();
        foreach (Command command in ApiCommands.Create(new FakeTimeProvider(StatusSnapshots.Now)))
        {
            root.Subcommands.Add(command);
        }

        return root.Parse(args);
    }

    private static async Task<(int Exit, string Out, string Err)> Run(string[] args, CancellationToken cancellationToken = default)
    {
        ParseResult parsed = Parse(args);
        Assert.Empty(parsed.Errors);
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exit = await parsed.InvokeAsync(
            new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null },
            cancellationToken);
        return (exit, output.ToString(), error.ToString());
    }

    private FakeApiServer Lb1(Func<RecordedRequest, FakeResponse> handler) => FakeApiServer.OnUnixSocket(Lb1Socket, handler);

    private static void AssertRequests(FakeApiServer server, params (string Method, string Target, string Body)[] expected) =>
        Assert.Equal(expected, server.Requests.Select(r => (r.Method, r.Target, r.Body)));

    [Fact]
    public async Task Status_finds_the_socket_under_the_files_state_dir_and_prints_the_table()
    {
        await using var server = Lb1(_ => FakeResponse.Json(Json(StatusSnapshots.Healthy())));

        var (exit, output, error) = await Run(["status", _config, "--node", "lb1"]);

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Equal("", error);
        AssertRequests(server, ("GET", "/v1/status", ""));
        Golden.AssertMatches("status-healthy.txt", output);
    }

    [Fact]
    public async Task Status_json_prints_the_snapshot_in_the_shape_of_the_api()
    {
        string served = Json(StatusSnapshots.Degraded());
        await using var server = FakeApiServer.OnUnixSocket(Lb1Socket, _ => FakeResponse.Json(served));

        var (exit, output, _) = await Run(["status", "--socket", Lb1Socket, "--json"]);

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("\"effective_priority\": 130,", output, StringComparison.Ordinal);
        Assert.Contains("\"sorry_server\": null,", output, StringComparison.Ordinal);
        using JsonDocument printed = JsonDocument.Parse(output);
        Assert.Equal(served, JsonSerializer.Serialize(printed.RootElement, StatusJson.Options));
    }

    [Fact]
    public async Task Drain_of_one_service_posts_exactly_that_and_prints_what_changed()
    {
        await using var server = Lb1(_ => FakeResponse.Json("""{"ok": true, "changes": ["drain 192.168.20.11:80 in web: weight 1 -> 0"]}"""));

        var (exit, output, _) = await Run(["drain", "192.168.20.11:80", "--service", "web", _config, "--node", "lb1"]);

        Assert.Equal(ExitCodes.Ok, exit);
        AssertRequests(server, ("POST", "/v1/servers/drain", """{"service":"web","server":"192.168.20.11:80"}"""));
        Assert.Equal("application/json; charset=utf-8", server.Requests[0].Headers["content-type"]);
        Assert.Equal("drain 192.168.20.11:80 in web: weight 1 -> 0\n", output);
    }

    [Fact]
    public async Task Enable_without_a_service_leaves_the_service_out_and_prints_the_servers_new_status()
    {
        RealServerStatus enabled = StatusSnapshots.Server("192.168.20.11:80");
        await using var server = Lb1(_ => FakeResponse.Json(Json(enabled)));

        var (exit, output, _) = await Run(["enable", "192.168.20.11:80", "--socket", Lb1Socket]);

        Assert.Equal(ExitCodes.Ok, exit);
        AssertRequests(server, ("POST", "/v1/servers/enable", """{"server":"192.168.20.11:80"}"""));
        Assert.Equal("192.168.20.11:80: weight 1, admin enabled, health up\n", output);
    }

    [Fact]
    public async Task Weight_posts_the_weight()
    {
        await using var server = Lb1(_ => FakeResponse.Json("""{"ok": true, "changes": []}"""));

        var (exit, output, _) = await Run(["weight", "192.168.20.12:80", "3", "--service", "web", "--socket", Lb1Socket]);

        Assert.Equal(ExitCodes.Ok, exit);
        AssertRequests(server, ("POST", "/v1/servers/weight", """{"service":"web","server":"192.168.20.12:80","weight":3}"""));
        Assert.Equal("192.168.20.12:80: nothing changed (it already was so)\n", output);
    }

    [Fact]
    public async Task A_write_refused_for_a_non_root_caller_says_writes_need_root()
    {
        await using var server = Lb1(_ => FakeResponse.Error(403, "writes need uid 0; you are uid 1000"));

        var (exit, output, error) = await Run(["drain", "192.168.20.11:80", "--socket", Lb1Socket]);

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Equal("", output);
        Assert.Equal("fulcrum: permission denied: writes need root (run it as root or with sudo): writes need uid 0; you are uid 1000\n", error);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Failover_posts_an_empty_object_and_a_conflict_is_a_failure_with_the_daemons_reason()
    {
        await using var server = Lb1(_ => FakeResponse.Error(409, "this node is backup, not master; run failover on the master"));

        var (exit, _, error) = await Run(["failover", "--socket", Lb1Socket]);

        Assert.Equal(ExitCodes.Failure, exit);
        AssertRequests(server, ("POST", "/v1/failover", "{}"));
        Assert.Equal("fulcrum: the daemon answered 409: this node is backup, not master; run failover on the master\n", error);
    }

    [Fact]
    public async Task Reload_prints_each_change()
    {
        await using var server = Lb1(_ => FakeResponse.Json("""{"ok": true, "changes": ["add real server 192.168.20.14:80 to web", "remove service dns"]}"""));

        var (exit, output, _) = await Run(["reload", _config, "--node", "lb1"]);

        Assert.Equal(ExitCodes.Ok, exit);
        AssertRequests(server, ("POST", "/v1/reload", "{}"));
        Assert.Equal("add real server 192.168.20.14:80 to web\nremove service dns\n", output);
    }

    [Fact]
    public async Task A_reload_refused_as_invalid_prints_every_diagnostic_line()
    {
        await using var server = Lb1(_ => FakeResponse.Error(
            422,
            "the configuration is invalid; nothing was changed",
            "/etc/fulcrum/fulcrum.yaml:40:15: error: weight 70000: must be 0..65535",
            "/etc/fulcrum/fulcrum.yaml:52:3: error: unknown key 'schedular'"));

        var (exit, output, error) = await Run(["reload", "--socket", Lb1Socket]);

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Equal("", output);
        Assert.Equal(
            "fulcrum: the daemon refused the configuration, nothing was changed: the configuration is invalid; nothing was changed\n" +
            "/etc/fulcrum/fulcrum.yaml:40:15: error: weight 70000: must be 0..65535\n" +
            "/etc/fulcrum/fulcrum.yaml:52:3: error: unknown key 'schedular'\n",
            error);
    }

    [Fact]
    public async Task Over_tcp_every_request_carries_the_token_and_a_401_says_the_token_was_not_accepted()
    {
        string tokenFile = Path.Combine(_stateDir.FullName, "token");
        await File.WriteAllTextAsync(tokenFile, "s3cret-token\n");
        await using var server = FakeApiServer.OnLoopback(_ => FakeResponse.Error(401, "missing or wrong bearer token"));

        var (exit, _, error) = await Run(["status", "--url", server.Url!.ToString(), "--token-file", tokenFile]);

        Assert.Equal(ExitCodes.Failure, exit);
        AssertRequests(server, ("GET", "/v1/status", ""));
        Assert.Equal("Bearer s3cret-token", server.Requests[0].Headers["authorization"]);
        Assert.Equal($"fulcrum: unauthorized: the daemon at {server.Url} did not accept the token (--token-file): missing or wrong bearer token\n", error);
    }

    [Fact]
    public async Task Over_the_unix_socket_no_token_is_sent()
    {
        await using var server = Lb1(_ => FakeResponse.Json(Json(StatusSnapshots.Healthy())));

        await Run(["status", "--socket", Lb1Socket]);

        Assert.False(server.Requests.Single().Headers.ContainsKey("authorization"));
    }

    [Fact]
    public async Task No_socket_means_the_daemon_is_not_running_and_says_where_it_looked_and_how_to_start_it()
    {
        var (exit, output, error) = await Run(["status", _config, "--node", "lb1"]);

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Equal("", output);
        Assert.Equal($"fulcrum: the daemon is not running: no socket at {Lb1Socket}; start it with: fulcrum run {_config} --node lb1\n", error);
    }

    [Fact]
    public async Task A_socket_nobody_listens_on_is_reported_as_left_over()
    {
        // Bound but not listening, like the file a killed daemon leaves (disposing would unlink it).
        using var stale = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        stale.Bind(new UnixDomainSocketEndPoint(Lb1Socket));

        var (exit, _, error) = await Run(["drain", "192.168.20.11:80", _config, "--node", "lb1"]);

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Equal(
            $"fulcrum: the daemon is not running: nothing listens on {Lb1Socket} (a socket left from an earlier run); start it with: fulcrum run {_config} --node lb1\n",
            error);
    }

    [Fact]
    public async Task Connection_refused_over_tcp_names_the_address()
    {
        string url;
        using (var closed = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            closed.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
            url = $"http://127.0.0.1:{((System.Net.IPEndPoint)closed.LocalEndPoint!).Port}/";
        }

        string tokenFile = Path.Combine(_stateDir.FullName, "token");
        await File.WriteAllTextAsync(tokenFile, "t");

        var (exit, _, error) = await Run(["status", "--url", url, "--token-file", tokenFile]);

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.StartsWith($"fulcrum: cannot reach the daemon at {url}: connection refused", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_daemon_that_does_not_answer_in_time_is_a_timeout_failure()
    {
        await using var server = Lb1(_ => FakeResponse.Hold);

        var (exit, _, error) = await Run(["status", "--socket", Lb1Socket, "--timeout", "0.2"]);

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Equal($"fulcrum: no answer from the daemon at {Lb1Socket} within 0.2 s (--timeout)\n", error);
    }

    [Fact]
    public async Task An_answer_that_is_not_the_status_shape_is_a_clear_failure()
    {
        await using var server = Lb1(_ => FakeResponse.Json("<html>hello</html>"));

        var (exit, _, error) = await Run(["status", "--socket", Lb1Socket]);

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.StartsWith($"fulcrum: the daemon at {Lb1Socket} answered v1/status with JSON this fulcrum does not understand:", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreadable_token_file_is_a_failure_before_any_request()
    {
        await using var server = FakeApiServer.OnLoopback(_ => FakeResponse.Json("{}"));
        string missing = Path.Combine(_stateDir.FullName, "no-such-token");

        var (exit, _, error) = await Run(["status", "--url", server.Url!.ToString(), "--token-file", missing]);

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.StartsWith($"fulcrum: --token-file {missing}: cannot read it:", error, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task An_unknown_node_in_the_file_is_a_failure_that_lists_the_nodes()
    {
        var (exit, _, error) = await Run(["status", _config, "--node", "lb9"]);

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Equal($"fulcrum: --node lb9: no such node in {_config} (nodes: lb1, lb2)\n", error);
    }

    [Fact]
    public async Task An_invalid_file_says_the_socket_is_unknown_and_prints_its_errors()
    {
        string broken = Path.Combine(_stateDir.FullName, "broken.yaml");
        await File.WriteAllTextAsync(broken, "cluster: lab\nnodes: 42\n");

        var (exit, _, error) = await Run(["status", broken, "--node", "lb1"]);

        Assert.Equal(ExitCodes.Failure, exit);
        string[] lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^fulcrum: .*broken\.yaml: invalid \(\d+ errors?\), so the daemon's socket is not known; see 'fulcrum validate .*broken\.yaml', or give --socket PATH$", lines[0]);
        Assert.True(lines.Length > 1);
        Assert.All(lines.Skip(1), l => Assert.Contains(": error: ", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_route_the_daemon_does_not_know_suggests_a_version_mismatch()
    {
        await using var server = Lb1(_ => new FakeResponse(404, ""));

        var (exit, _, error) = await Run(["failover", "--socket", Lb1Socket]);

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Equal($"fulcrum: the daemon at {Lb1Socket} does not know POST /v1/failover: is it an older version?\n", error);
    }

    [Fact]
    public async Task Events_prints_what_the_daemon_keeps_once()
    {
        var page = new EventPage(
            [
                new RuntimeEvent(1, StatusSnapshots.Started.AddSeconds(1.25), "vrrp_transition", "public: backup -> master", new Dictionary<string, string> { ["instance"] = "public" }),
                new RuntimeEvent(2, StatusSnapshots.Started.AddSeconds(3), "server_health", "web 192.168.20.13:80 up -> down: connection refused", new Dictionary<string, string>()),
            ],
            3);
        await using var server = Lb1(_ => FakeResponse.Json(Json(page)));

        var (exit, output, _) = await Run(["events", "--socket", Lb1Socket]);

        Assert.Equal(ExitCodes.Ok, exit);
        AssertRequests(server, ("GET", "/v1/events?after=0", ""));
        Assert.Equal(
            "2026-11-26 08:00:01.250Z  #1  vrrp_transition  public: backup -> master\n" +
            "2026-11-26 08:00:03.000Z  #2  server_health  web 192.168.20.13:80 up -> down: connection refused\n",
            output);
    }

    [Fact]
    public async Task Events_follow_long_polls_from_the_last_event_seen_and_ctrl_c_ends_it_cleanly()
    {
        static RuntimeEvent Event(long seq) => new(seq, StatusSnapshots.Started.AddSeconds(seq), "admin_write", $"event {seq}", new Dictionary<string, string> { ["uid"] = "0" });
        int calls = 0;
        await using var server = Lb1(_ => Interlocked.Increment(ref calls) switch
        {
            1 => FakeResponse.Json(Json(new EventPage([Event(4), Event(5)], 6))),
            2 => FakeResponse.Json(Json(new EventPage([Event(9)], 10))),
            _ => FakeResponse.Hold,
        });
        using var ctrlC = new CancellationTokenSource();

        Task<(int Exit, string Out, string Err)> run = Run(["events", "--follow", "--after", "3", "--json", "--socket", Lb1Socket], ctrlC.Token);
        await server.WaitForRequestsAsync(3);
        await ctrlC.CancelAsync();
        var (exit, output, error) = await run;

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Equal("", error);
        AssertRequests(
            server,
            ("GET", "/v1/events?after=3&wait=30", ""),
            ("GET", "/v1/events?after=5&wait=30", ""),
            ("GET", "/v1/events?after=9&wait=30", ""));
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal([4L, 5L, 9L], lines.Select(l => JsonSerializer.Deserialize<RuntimeEvent>(l, StatusJson.Options)!.Seq));
        Assert.Contains("\"fields\":{\"uid\":\"0\"}", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_after_a_gap_says_which_events_are_gone()
    {
        var page = new EventPage([new RuntimeEvent(1500, StatusSnapshots.Started, "reload", "reloaded", new Dictionary<string, string>())], 1501);
        await using var server = Lb1(_ => FakeResponse.Json(Json(page)));

        var (_, output, _) = await Run(["events", "--after", "400", "--socket", Lb1Socket]);

        Assert.StartsWith("-- events #401..#1499 are gone (the daemon keeps the last 1,000) --\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public void After_a_daemon_restart_the_numbers_start_again()
    {
        Assert.Equal(9, EventsCommand.NextAfter(120, new EventPage([], 10)));
        Assert.Equal(120, EventsCommand.NextAfter(120, new EventPage([], 121)));
    }

    [Fact]
    public async Task Check_reads_the_status_and_prints_one_nagios_line_with_its_exit_code()
    {
        await using var server = Lb1(_ => FakeResponse.Json(Json(StatusSnapshots.Degraded())));

        var (exit, output, _) = await Run(["check", "--service", "web", _config, "--node", "lb1"]);

        Assert.Equal(1, exit);
        AssertRequests(server, ("GET", "/v1/status", ""));
        Assert.StartsWith(
            "FULCRUM WARNING - web 192.168.20.11:80 drained, web 192.168.20.13:80 down (connection refused); lb1 master, 1/1 services up, 1/3 servers usable | 'web_healthy'=2;;1:;0;3",
            output,
            StringComparison.Ordinal);
        Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Check_is_UNKNOWN_when_the_daemon_cannot_be_reached()
    {
        var (exit, output, error) = await Run(["check", _config, "--node", "lb1"]);

        Assert.Equal(3, exit);
        Assert.Equal("", error);
        Assert.Equal($"FULCRUM UNKNOWN - the daemon is not running: no socket at {Lb1Socket}; start it with: fulcrum run {_config} --node lb1\n", output);
    }

    [Fact]
    public async Task Check_is_UNKNOWN_when_the_daemon_answers_with_an_error()
    {
        await using var server = Lb1(_ => FakeResponse.Error(500, "status is not ready"));

        var (exit, output, _) = await Run(["check", "--socket", Lb1Socket]);

        Assert.Equal(3, exit);
        Assert.Equal("FULCRUM UNKNOWN - the daemon answered 500: status is not ready\n", output);
    }

    [Fact]
    public void Bad_check_arguments_are_UNKNOWN_not_a_usage_error()
    {
        ParseResult parsed = Parse("check", "--warning", "1.5", "--socket", "/x");

        var outcome = CheckCommand.UsageOutcome(parsed);

        Assert.NotNull(outcome);
        Assert.Equal(3, outcome.ExitCode);
        Assert.Equal("FULCRUM UNKNOWN - usage: --warning 1.5: must be a fraction from 0 to 1 (e.g. 0.5)", outcome.Line);
        Assert.Null(CheckCommand.UsageOutcome(Parse("status", "--warning", "1.5")));
    }

    [Fact]
    public void An_unknown_option_of_check_is_UNKNOWN_too()
    {
        var outcome = CheckCommand.UsageOutcome(Parse("check", "--socket", "/x", "--bogus"));

        Assert.NotNull(outcome);
        Assert.StartsWith("FULCRUM UNKNOWN - usage: ", outcome.Line, StringComparison.Ordinal);
        Assert.Contains("--bogus", outcome.Line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_takes_several_services()
    {
        await using var server = Lb1(_ => FakeResponse.Json(Json(StatusSnapshots.Healthy())));

        var (exit, output, _) = await Run(["check", "--service", "web", "--service", "dns", "--expect-state", "master", "--socket", Lb1Socket]);

        Assert.Equal(0, exit);
        Assert.StartsWith("FULCRUM OK - lb1 master, 2/2 services up, 5/5 servers usable | 'web_healthy'=3", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--node goes with FILE (or the default file), not with --socket or --url", "status", "--socket", "/s", "--node", "lb1")]
    [InlineData("give only one of FILE [--node NAME], --socket PATH and --url URL", "status", "--socket", "/s", "--url", "http://127.0.0.1:1")]
    [InlineData("give only one of FILE [--node NAME], --socket PATH and --url URL", "status", "f.yaml", "--socket", "/s")]
    [InlineData("--url needs --token-file FILE: the TCP API requires a token", "events", "--url", "http://127.0.0.1:1")]
    [InlineData("--url ftp://x: not an http:// or https:// address", "events", "--url", "ftp://x", "--token-file", "t")]
    [InlineData("--token-file goes with --url (the Unix socket needs no token)", "reload", "--socket", "/s", "--token-file", "t")]
    [InlineData("--timeout 0: must be a positive number of seconds", "failover", "--socket", "/s", "--timeout", "0")]
    [InlineData("weight 70000: must be 0..65535", "weight", "1.2.3.4:80", "70000", "--socket", "/s")]
    public void Wrong_combinations_are_usage_errors(string expected, params string[] args)
    {
        ParseResult parsed = Parse(args);

        Assert.Contains(expected, parsed.Errors.Select(e => e.Message));
    }
}
