using System.Net;
using System.Net.Sockets;

namespace Fulcrum.Core.Tests.Health.Checks;

/// <summary>A TCP server on 127.0.0.1 with a random port that hands every accepted connection to a handler.</summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public LoopbackServer(Func<Socket, CancellationToken, Task> handler)
    {
        _listener.Start();
        _accepting = AcceptAsync(handler);
    }

    public ushort Port => (ushort)((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Accepted { get; private set; }

    /// <summary>A server that answers every request with <paramref name="response"/> (raw bytes) and closes.</summary>
    public static LoopbackServer Http(string response, Action<string>? onRequest = null) => new(async (socket, ct) =>
    {
        using var stream = new NetworkStream(socket, ownsSocket: true);
        string request = await ReadHeadAsync(stream, ct);
        onRequest?.Invoke(request);
        await stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(response), ct);
    });

    public static async Task<string> ReadHeadAsync(Stream stream, CancellationToken ct)
    {
        var head = new System.Text.StringBuilder();
        byte[] one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(one, ct) == 1)
        {
            head.Append((char)one[0]);
        }

        return head.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync(Func<Socket, CancellationToken, Task> handler)
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket = await _listener.AcceptSocketAsync(_stop.Token);
            Accepted++;
            _ = Task.Run(async () =>
            {
                try
                {
                    await handler(socket, _stop.Token);
                }
                catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
                {
                }
                finally
                {
                    socket.Dispose();
                }
            });
        }
    }
}
