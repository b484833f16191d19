using System.Net.Sockets;
using Fulcrum.Core.Health;
using Fulcrum.Health.Sockets;

namespace Fulcrum.Health.Checks;

/// <summary>Healthy when a TCP connection opens (the three-way handshake completes).</summary>
internal sealed class TcpCheck(ProbeSocketFactory sockets)
{
    public async ValueTask<ProbeResult> RunAsync(ProbeTarget target, CancellationToken cancellationToken)
    {
        Socket socket;
        try
        {
            socket = await TcpConnector.ConnectAsync(sockets, target, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return ProbeFailures.From(e, target, "connecting", cancellationToken);
        }

        TcpConnector.Abort(socket);
        return ProbeResult.Healthy("connected");
    }
}
