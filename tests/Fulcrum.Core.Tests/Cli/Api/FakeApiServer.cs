using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Fulcrum.Core.Tests.Cli.Api;

/// <summary>
/// A minimal HTTP/1.1 server on a Unix socket or 127.0.0.1 that stands in for the daemon: it
/// answers every request with what <see cref="FakeApiServer.Handler"/> returns (one request per
/// connection, <c>Connection: close</c>) and records each request, so tests assert what the CLI sent.
/// </summary>
internal sealed class FakeApiServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly Func<RecordedRequest, FakeResponse> _handler;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly List<(int Count, TaskCompletionSource Done)> _waiters = [];
    private readonly List<Task> _connections = [];
    private readonly Task _acceptLoop;

    private FakeApiServer(Socket listener, Func<RecordedRequest, FakeResponse> handler)
    {
        _listener = listener;
        _handler = handler;
        _listener.Listen(16);
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>The socket path (Unix) or null.</summary>
    public string? SocketPath { get; private init; }

    /// <summary>The URL (TCP) or null.</summary>
    public Uri? Url { get; private init; }

    public static FakeApiServer OnUnixSocket(string path, Func<RecordedRequest, FakeResponse> handler)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        return new FakeApiServer(socket, handler) { SocketPath = path };
    }

    public static FakeApiServer OnLoopback(Func<RecordedRequest, FakeResponse> handler)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        int port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        return new FakeApiServer(socket, handler) { Url = new Uri($"http://127.0.0.1:{port}") };
    }

    /// <summary>Every request so far, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Completes once <paramref name="count"/> requests have arrived.</summary>
    public Task WaitForRequestsAsync(int count)
    {
        lock (_lock)
        {
            if (_requests.Count >= count)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, done));
            return done.Task;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _acceptLoop;
        Task[] connections;
        lock (_lock)
        {
            connections = [.. _connections];
        }

        await Task.WhenAll(connections);
        if (SocketPath is not null)
        {
            File.Delete(SocketPath);
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            lock (_lock)
            {
                _connections.Add(ServeAsync(client));
            }
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using (client)
        await using (var stream = new NetworkStream(client, ownsSocket: false))
        {
            try
            {
                RecordedRequest request = await ReadRequestAsync(stream, _stop.Token);
                FakeResponse response = _handler(request);
                Record(request);
                if (ReferenceEquals(response, FakeResponse.Hold))
                {
                    // Until the client hangs up (read returns 0) or the server stops.
                    _ = await stream.ReadAsync(new byte[1], _stop.Token);
                    return;
                }

                byte[] body = Encoding.UTF8.GetBytes(response.Body);
                string head = $"HTTP/1.1 {response.Status} {Reason(response.Status)}\r\nContent-Type: application/json\r\n" +
                              $"Content-Length: {body.Length}\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head), _stop.Token);
                await stream.WriteAsync(body, _stop.Token);
                client.Shutdown(SocketShutdown.Send);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or SocketException)
            {
                // The client went away or the server is stopping.
            }
        }
    }

    private void Record(RecordedRequest request)
    {
        lock (_lock)
        {
            _requests.Add(request);
            foreach (var waiter in _waiters.Where(w => _requests.Count >= w.Count).ToList())
            {
                waiter.Done.SetResult();
                _waiters.Remove(waiter);
            }
        }
    }

    private static async Task<RecordedRequest> ReadRequestAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new List<byte>();
        var chunk = new byte[4096];
        int headerEnd;
        while ((headerEnd = IndexOfHeaderEnd(buffer)) < 0)
        {
            int n = await stream.ReadAsync(chunk, cancellationToken);
            if (n == 0)
            {
                throw new IOException("the client closed before a whole request header");
            }

            buffer.AddRange(chunk.AsSpan(0, n));
        }

        string[] lines = Encoding.ASCII.GetString([.. buffer.Take(headerEnd)]).Split("\r\n");
        string[] requestLine = lines[0].Split(' ');
        var headers = lines.Skip(1)
            .Select(l => l.Split(':', 2))
            .ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim());
        int length = headers.TryGetValue("content-length", out string? value) ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        var body = buffer.Skip(headerEnd + 4).ToList();
        while (body.Count < length)
        {
            int n = await stream.ReadAsync(chunk, cancellationToken);
            if (n == 0)
            {
                throw new IOException("the client closed before the whole body");
            }

            body.AddRange(chunk.AsSpan(0, n));
        }

        return new RecordedRequest(requestLine[0], requestLine[1], headers, Encoding.UTF8.GetString([.. body]));
    }

    private static int IndexOfHeaderEnd(List<byte> buffer)
    {
        for (int i = 0; i + 3 < buffer.Count; i++)
        {
            if (buffer[i] == '\r' && buffer[i + 1] == '\n' && buffer[i + 2] == '\r' && buffer[i + 3] == '\n')
            {
                return i;
            }
        }

        return -1;
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        409 => "Conflict",
        422 => "Unprocessable Entity",
        _ => "Status",
    };
}
