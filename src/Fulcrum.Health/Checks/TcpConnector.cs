using System.Net;
using System.Net.Sockets;
using Fulcrum.Core.Health;
using Fulcrum.Health.Sockets;

namespace Fulcrum.Health.Checks;

/// <summary>Opens the one TCP connection a probe costs: from the probe's source address, to the target.</summary>
internal static class TcpConnector
{
    public static async ValueTask<Socket> ConnectAsync(ProbeSocketFactory sockets, ProbeTarget target, CancellationToken cancellationToken)
    {
        Socket socket = sockets.Create(target.Address, SocketType.Stream, ProtocolType.Tcp, target.Source);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(target.Address, target.Port ?? 0), cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Closes with a reset (SO_LINGER 0) rather than a FIN: the prober keeps no TIME_WAIT entry, which
    /// matters at thousands of probes a second. Used where the probe has nothing more to say.
    /// </summary>
    public static void Abort(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
        }
        catch (SocketException)
        {
            // Already reset by the peer: nothing to linger on.
        }

        socket.Dispose();
    }
}
