using System.Net;
using System.Net.Sockets;
using System.Text;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Integration.Tests.DataPlane;

/// <summary>
/// A TCP or UDP responder inside a real server's namespace for ports nginx does not serve: it
/// answers every connection or datagram with "NAME PORT saw CLIENT".
/// </summary>
internal sealed class EchoServer : IDisposable
{
    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public EchoServer(string ns, string name, ProtocolType protocol, ushort port)
    {
        _socket = NetworkNamespace.Run(ns, () =>
        {
            var socket = protocol == ProtocolType.Udp
                ? new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp)
                : new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Any, port));
            if (protocol == ProtocolType.Tcp)
            {
                socket.Listen(64);
            }

            return socket;
        });
        _loop = protocol == ProtocolType.Udp ? ServeUdpAsync(name, port) : ServeTcpAsync(name, port);
    }

    /// <summary>Sends one datagram from a new socket in <paramref name="ns"/> and returns the reply.</summary>
    public static async Task<string> AskUdpAsync(string ns, IPEndPoint vip)
    {
        using var socket = NetworkNamespace.Run(ns, () => new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await socket.SendToAsync("hello"u8.ToArray(), vip, deadline.Token);
        var buffer = new byte[256];
        var received = await socket.ReceiveAsync(buffer, deadline.Token);
        return Encoding.ASCII.GetString(buffer, 0, received);
    }

    /// <summary>Opens a new TCP connection from <paramref name="ns"/> and returns what the server says.</summary>
    public static async Task<string> AskTcpAsync(string ns, IPEndPoint vip)
    {
        using var socket = NetworkNamespace.Run(ns, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await socket.ConnectAsync(vip, deadline.Token);
        var buffer = new byte[256];
        var total = 0;
        int read;
        while ((read = await socket.ReceiveAsync(buffer.AsMemory(total), deadline.Token)) > 0)
        {
            total += read;
        }

        return Encoding.ASCII.GetString(buffer, 0, total);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
            // The loop ends with the socket.
        }

        _stop.Dispose();
    }

    private async Task ServeUdpAsync(string name, ushort port)
    {
        var buffer = new byte[256];
        while (!_stop.IsCancellationRequested)
        {
            var received = await _socket.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
            var peer = (IPEndPoint)received.RemoteEndPoint;
            await _socket.SendToAsync(Encoding.ASCII.GetBytes($"{name} {port} saw {peer.Address}"), peer, _stop.Token);
        }
    }

    private async Task ServeTcpAsync(string name, ushort port)
    {
        while (!_stop.IsCancellationRequested)
        {
            using var connection = await _socket.AcceptAsync(_stop.Token);
            var peer = (IPEndPoint)connection.RemoteEndPoint!;
            await connection.SendAsync(Encoding.ASCII.GetBytes($"{name} {port} saw {peer.Address}"), _stop.Token);
            connection.Shutdown(SocketShutdown.Both);
        }
    }
}
