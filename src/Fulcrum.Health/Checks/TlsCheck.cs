using System.Net.Sockets;
using System.Security.Authentication;
using Fulcrum.Core.Config;
using Fulcrum.Core.Health;
using Fulcrum.Health.Sockets;

namespace Fulcrum.Health.Checks;

/// <summary>Healthy when a TLS handshake completes (and, with <c>verify</c>, the certificate is valid for the SNI name).</summary>
internal sealed class TlsCheck(ProbeSocketFactory sockets)
{
    public async ValueTask<ProbeResult> RunAsync(ProbeTarget target, CancellationToken cancellationToken)
    {
        var probe = (TlsProbe)target.Check.Probe;
        Socket socket;
        try
        {
            socket = await TcpConnector.ConnectAsync(sockets, target, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return ProbeFailures.From(e, target, "connecting", cancellationToken);
        }

        try
        {
            await using var tls = await TlsClient.HandshakeAsync(socket, target, probe.Sni, probe.Verify, cancellationToken).ConfigureAwait(false);
            return ProbeResult.Healthy($"TLS handshake done ({tls.SslProtocol})");
        }
        catch (Exception e) when (e is IOException or AuthenticationException or SocketException or OperationCanceledException)
        {
            return ProbeFailures.From(e, target, "in the TLS handshake", cancellationToken);
        }
    }
}
