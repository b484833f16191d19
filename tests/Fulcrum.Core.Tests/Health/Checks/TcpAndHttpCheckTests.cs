using System.Net;
using Fulcrum.Core.Config;
using Fulcrum.Core.Health;

namespace Fulcrum.Core.Tests.Health.Checks;

/// <summary>The TCP and HTTP checkers against servers on 127.0.0.1: what they accept and the reason for each failure.</summary>
public sealed class TcpAndHttpCheckTests
{
    private const string Ok = "HTTP/1.1 200 OK\r\nContent-Length: 12\r\nConnection: close\r\n\r\nall is well\n";

    [Fact]
    public async Task Tcp_is_healthy_when_the_port_accepts_and_refused_when_it_is_closed()
    {
        await using var server = new LoopbackServer((_, _) => Task.CompletedTask);

        Assert.Equal(ProbeOutcome.Healthy, (await Probes.RunAsync(Probes.On(server.Port, new TcpProbe(null)))).Outcome);
        ProbeResult closed = await Probes.RunAsync(Probes.On(Probes.ClosedPort(), new TcpProbe(null)));
        Assert.Equal(ProbeResult.Failed(ProbeOutcome.Refused, "connection refused"), closed);
    }

    [Fact]
    public async Task Tcp_from_a_source_address_that_is_not_on_this_host_says_so()
    {
        await using var server = new LoopbackServer((_, _) => Task.CompletedTask);

        ProbeResult result = await Probes.RunAsync(Probes.On(server.Port, new TcpProbe(null), IPAddress.Parse("192.0.2.77")));

        Assert.Equal(ProbeOutcome.Unreachable, result.Outcome);
        Assert.Equal("source address 192.0.2.77 is not on this host", result.Reason);
    }

    [Fact]
    public async Task Http_sends_a_minimal_get_with_host_and_connection_close_from_the_source_address()
    {
        string? request = null;
        await using var server = LoopbackServer.Http(Ok, r => request = r);

        ProbeResult result = await Probes.RunAsync(Probes.On(server.Port, Probes.Http("/health?full=1", host: "www.example.org"), IPAddress.Loopback));

        Assert.Equal(ProbeResult.Healthy("status 200"), result);
        Assert.StartsWith("GET /health?full=1 HTTP/1.1\r\nHost: www.example.org\r\n", request, StringComparison.Ordinal);
        Assert.Contains("\r\nConnection: close\r\n", request, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http_without_a_host_names_the_address_and_port()
    {
        string? request = null;
        await using var server = LoopbackServer.Http(Ok, r => request = r);

        await Probes.RunAsync(Probes.On(server.Port, Probes.Http()));

        Assert.Contains($"\r\nHost: 127.0.0.1:{server.Port}\r\n", request, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n", "BadStatus", "status 500 (expected 200)")]
    [InlineData("HTTP/1.0 302 Found\r\nLocation: /login\r\n\r\n", "BadStatus", "status 302 (expected 200)")]
    [InlineData("SSH-2.0-OpenSSH_9.2\r\n", "ProtocolError", "not an HTTP/1.x status line: 'SSH-2.0-OpenSSH_9.2'")]
    [InlineData("", "ProtocolError", "connection closed before the status line")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Le", "ProtocolError", "connection closed inside the response headers")]
    public async Task Http_failures_name_the_reason(string response, string outcome, string reason)
    {
        await using var server = LoopbackServer.Http(response);

        ProbeResult result = await Probes.RunAsync(Probes.On(server.Port, Probes.Http()));

        Assert.Equal(Enum.Parse<ProbeOutcome>(outcome), result.Outcome);
        Assert.Equal(reason, result.Reason);
    }

    [Fact]
    public async Task Http_accepts_any_listed_code_or_range()
    {
        await using var server = LoopbackServer.Http("HTTP/1.1 204 No Content\r\n\r\n");

        ProbeResult result = await Probes.RunAsync(Probes.On(server.Port, Probes.Http(status: [new StatusCodeRange(200, 200), new StatusCodeRange(201, 299)])));

        Assert.True(result.IsHealthy, result.Reason);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\nall is well\n")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\nall \r\n8\r\nis well\n\r\n0\r\nX-Trailer: 1\r\n\r\n")]
    [InlineData("HTTP/1.0 200 OK\r\n\r\nall is well\n")]
    public async Task Body_checks_read_every_framing_content_length_chunked_and_read_to_close(string response)
    {
        const string digest = "2670f929ce8c93af815ba0ae8fd591ff"; // printf 'all is well\n' | md5sum
        await using var server = LoopbackServer.Http(response);

        ProbeResult result = await Probes.RunAsync(Probes.On(server.Port, Probes.Http(contains: "is well", regex: "^all\\s+is", digest: digest)));

        Assert.Equal(ProbeResult.Healthy("status 200, body as expected"), result);
    }

    [Theory]
    [InlineData("contains", "body mismatch: no 'maintenance' in 12 bytes")]
    [InlineData("regex", "body mismatch: /^ok$/ does not match")]
    [InlineData("digest", "body mismatch: MD5 ")]
    public async Task Body_mismatches_name_what_did_not_match(string which, string reason)
    {
        await using var server = LoopbackServer.Http(Ok);
        HttpProbe probe = which switch
        {
            "contains" => Probes.Http(contains: "maintenance"),
            "regex" => Probes.Http(regex: "^ok$"),
            _ => Probes.Http(digest: new string('0', 32)),
        };

        ProbeResult result = await Probes.RunAsync(Probes.On(server.Port, probe));

        Assert.Equal(ProbeOutcome.Mismatch, result.Outcome);
        Assert.StartsWith(reason, result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_past_the_cap_is_a_protocol_error_not_unbounded_memory()
    {
        string big = new('x', 70_000);
        await using var server = LoopbackServer.Http($"HTTP/1.1 200 OK\r\n\r\n{big}");

        ProbeResult result = await Probes.RunAsync(Probes.On(server.Port, Probes.Http(contains: "y")));

        Assert.Equal(ProbeResult.Failed(ProbeOutcome.ProtocolError, "body larger than 64 KiB"), result);
    }

    [Fact]
    public async Task A_server_that_accepts_but_never_answers_times_out_with_the_phase()
    {
        var silent = new TaskCompletionSource();
        await using var server = new LoopbackServer(async (_, ct) => await silent.Task.WaitAsync(ct));

        ProbeResult result = await Probes.RunAsync(Probes.On(server.Port, Probes.Http(), timeout: Probes.Short));

        Assert.Equal(ProbeResult.Failed(ProbeOutcome.Timeout, "timeout after 400ms reading the response"), result);
    }

    [Fact]
    public async Task A_server_that_resets_is_reported_as_reset()
    {
        await using var server = new LoopbackServer((socket, _) =>
        {
            socket.LingerState = new System.Net.Sockets.LingerOption(true, 0);
            socket.Close();
            return Task.CompletedTask;
        });

        ProbeResult result = await Probes.RunAsync(Probes.On(server.Port, Probes.Http()));

        Assert.Equal(ProbeOutcome.Refused, result.Outcome);
        Assert.StartsWith("connection reset", result.Reason, StringComparison.Ordinal);
    }
}
