using System.Net;
using System.Net.Sockets;
using Fulcrum.Health.Sockets;

namespace Fulcrum.Integration.Tests.Health;

/// <summary>
/// A UDP server inside a lab namespace: its socket is made in the namespace (by a thread that entered
/// it) and bound to the server's own address, so datagrams from lb1 cross the lab's switch to it; this
/// process answers them. Disposing closes the socket: the server's kernel then answers with ICMP port
/// unreachable, as for a daemon that died.
/// </summary>
internal sealed class LabUdpResponder : IDisposable
{
    private readonly NamespaceSocketFactory _namespace;
    private readonly Socket _socket;
    private readonly Func<byte[], byte[]?> _answer;
    private readonly Task _loop;
    private bool _disposed;

    private LabUdpResponder(NamespaceSocketFactory ns, Socket socket, Func<byte[], byte[]?> answer)
    {
        _namespace = ns;
        _socket = socket;
        _answer = answer;
        _loop = Task.Run(ServeAsync);
    }

    /// <summary>Datagrams answered so far.</summary>
    public int Answered { get; private set; }

    /// <summary>Binds <paramref name="address"/>:<paramref name="port"/> in namespace <paramref name="namespaceName"/>; <paramref name="answer"/> returns the reply (null: stay silent).</summary>
    public static LabUdpResponder Start(string namespaceName, IPAddress address, ushort port, Func<byte[], byte[]?> answer)
    {
        var ns = new NamespaceSocketFactory(namespaceName);
        try
        {
            Socket socket = ns.CreateBare(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(address, port));
            return new LabUdpResponder(ns, socket, answer);
        }
        catch
        {
            ns.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _socket.Dispose();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop ends with the socket.
        }

        _namespace.Dispose();
    }

    private async Task ServeAsync()
    {
        byte[] buffer = new byte[4096];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (true)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(buffer, any);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }

            if (_answer(buffer[..received.ReceivedBytes]) is { } reply)
            {
                await _socket.SendToAsync(reply, received.RemoteEndPoint);
                Answered++;
            }
        }
    }
}
