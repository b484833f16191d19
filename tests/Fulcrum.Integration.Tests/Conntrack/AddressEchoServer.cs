using System.Net;
using System.Net.Sockets;
using System.Text;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Integration.Tests.Conntrack;

/// <summary>
/// A TCP server in a namespace that answers every read with the local address the connection
/// arrived on, so a client behind DNAT learns which real server it reached. Stopped on dispose.
/// </summary>
internal sealed class AddressEchoServer : IDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public AddressEchoServer(string networkNamespace, int port)
    {
        _listener = NetworkNamespace.Run(networkNamespace, () =>
        {
            var listener = new TcpListener(IPAddress.Any, port);
            listener.Start();
            return listener;
        });
        _accepting = AcceptAsync(_stop.Token);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _listener.Dispose();
        try
        {
            _accepting.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // Stopping the listener ends the accept loop with an exception; nothing to report.
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync(CancellationToken cancel)
    {
        while (!cancel.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = await _listener.AcceptSocketAsync(cancel);
            }
            catch (Exception stopped) when (stopped is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = ServeAsync(connection, cancel);
        }
    }

    private static async Task ServeAsync(Socket connection, CancellationToken cancel)
    {
        using (connection)
        {
            var reply = Encoding.ASCII.GetBytes(((IPEndPoint)connection.LocalEndPoint!).Address.ToString());
            var buffer = new byte[256];
            try
            {
                while (await connection.ReceiveAsync(buffer, cancel) > 0)
                {
                    await connection.SendAsync(reply, cancel);
                }
            }
            catch (Exception ended) when (ended is OperationCanceledException or SocketException)
            {
                // The client reset or the test ended.
            }
        }
    }
}
