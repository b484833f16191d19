using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Integration.Tests.DataPlane;

/// <summary>
/// A fast HTTP client for the lab: sockets are made inside the client's namespace (a socket stays
/// in the namespace it was created in), then used from the thread pool. One new connection per
/// request (HTTP/1.0), so every request is a new flow the balancer schedules.
/// </summary>
internal static class LabHttp
{
    private const int SocketsPerBatch = 256;

    /// <summary>The lab nginx's body: "rsN saw CLIENT".</summary>
    public sealed record Reply(string Server, string SeenClient);

    /// <summary>One request on a new connection.</summary>
    public static async Task<Reply> GetAsync(string ns, IPEndPoint vip, IPAddress? source = null, CancellationToken cancel = default)
    {
        using var socket = NetworkNamespace.Run(ns, () => NewSocket(source));
        return await RequestAsync(socket, vip, cancel);
    }

    /// <summary>
    /// <paramref name="requests"/> requests, each on a new connection, <paramref name="parallel"/> at a
    /// time; counts replies by server. Failures are counted under "error: ...".
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, int>> CountAsync(
        string ns, IPEndPoint vip, int requests, int parallel = 16, IPAddress? source = null, CancellationToken cancel = default)
    {
        var counts = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        for (var done = 0; done < requests; done += SocketsPerBatch)
        {
            var batch = Math.Min(SocketsPerBatch, requests - done);
            var sockets = NetworkNamespace.Run(ns, () => Enumerable.Range(0, batch).Select(_ => NewSocket(source)).ToArray());
            await Parallel.ForEachAsync(sockets, new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancel }, async (socket, ct) =>
            {
                using (socket)
                {
                    string key;
                    try
                    {
                        key = (await RequestAsync(socket, vip, ct)).Server;
                    }
                    catch (SocketException failure)
                    {
                        key = "error: " + failure.SocketErrorCode;
                    }

                    counts.AddOrUpdate(key, 1, (_, n) => n + 1);
                }
            });
        }

        return counts;
    }

    /// <summary>Opens a connection that stays up for several requests (HTTP/1.1 keep-alive).</summary>
    public static async Task<KeepAliveConnection> ConnectAsync(string ns, IPEndPoint vip, CancellationToken cancel = default)
    {
        var socket = NetworkNamespace.Run(ns, () => NewSocket(null));
        try
        {
            await socket.ConnectAsync(vip, cancel);
            return new KeepAliveConnection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public static Reply ParseBody(string body)
    {
        var parts = body.Trim().Split(' ');
        return parts.Length == 3 && parts[1] == "saw" ? new Reply(parts[0], parts[2]) : throw new InvalidDataException($"unexpected body '{body}'");
    }

    private static Socket NewSocket(IPAddress? source)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        if (source is not null)
        {
            socket.Bind(new IPEndPoint(source, 0));
        }

        return socket;
    }

    private static async Task<Reply> RequestAsync(Socket socket, IPEndPoint vip, CancellationToken cancel)
    {
        await socket.ConnectAsync(vip, cancel);

        // The client reads the reply by its length and closes first, so TIME_WAIT stays on the
        // client (which never reuses such a port) and never on a real server, where a reused
        // client port would be answered with a challenge ACK and the flow re-scheduled.
        using var connection = new KeepAliveConnection(socket, ownsSocket: false);
        return await connection.RequestAsync(TimeSpan.FromSeconds(10));
    }
}
