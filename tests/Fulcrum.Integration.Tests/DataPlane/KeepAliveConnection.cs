using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Fulcrum.Integration.Tests.DataPlane;

/// <summary>An established HTTP/1.1 connection through the VIP: one flow, pinned by conntrack to one server.</summary>
internal sealed class KeepAliveConnection(Socket socket, bool ownsSocket = true) : IDisposable
{
    /// <summary>One request on this connection; throws <see cref="SocketException"/> when the flow was reset.</summary>
    public async Task<LabHttp.Reply> RequestAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        await socket.SendAsync("GET / HTTP/1.1\r\nHost: vip\r\n\r\n"u8.ToArray(), deadline.Token);
        var buffer = new byte[2048];
        var total = 0;
        while (true)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(total), deadline.Token);
            if (read == 0)
            {
                throw new SocketException((int)SocketError.ConnectionReset);
            }

            total += read;
            var text = Encoding.ASCII.GetString(buffer, 0, total);
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end < 0)
            {
                continue;
            }

            var length = ContentLength(text[..end]);
            if (total >= end + 4 + length)
            {
                return LabHttp.ParseBody(text.Substring(end + 4, length));
            }
        }
    }

    public void Dispose()
    {
        if (ownsSocket)
        {
            socket.Dispose();
        }
    }

    private static int ContentLength(string headers)
    {
        foreach (var line in headers.Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                return int.Parse(line["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidDataException("no Content-Length in " + headers);
    }
}
