using System.Net.Sockets;
using Fulcrum.Core.Health;
using Fulcrum.Health.Sockets;

namespace Fulcrum.Health.Checks;

/// <summary>
/// Healthy when a TCP connection opens (the server answers the SYN with a SYN-ACK). IPv4 probes go
/// through the namespace's <see cref="SynProber"/> when raw sockets are allowed (no socket per probe);
/// otherwise, and for IPv6, a socket connects and is closed with a reset.
/// </summary>
internal sealed class TcpCheck(ProbeSocketFactory sockets, bool synProbes = true)
{
    public ValueTask<ProbeResult> RunAsync(ProbeTarget target, CancellationToken cancellationToken)
    {
        if (synProbes && target.Address.AddressFamily == AddressFamily.InterNetwork && sockets.SynProber is { } prober)
        {
            return prober.ProbeAsync(target, cancellationToken);
        }

        return ConnectAsync(target, cancellationToken);
    }

    private async ValueTask<ProbeResult> ConnectAsync(ProbeTarget target, CancellationToken cancellationToken)
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
