using System.Net.Security;
using System.Net.Sockets;
using Fulcrum.Core.Health;

namespace Fulcrum.Health.Checks;

/// <summary>The TLS client side of HTTPS and TLS probes: SNI, and certificate verification only when asked for.</summary>
internal static class TlsClient
{
    // verify: false (the default, as in keepalived and haproxy): real servers commonly present
    // self-signed or internal certificates; the probe checks that TLS works, not who the server is.
#pragma warning disable CA5359
    private static readonly RemoteCertificateValidationCallback AcceptAny = (_, _, _, _) => true;
#pragma warning restore CA5359

    /// <summary>Handshakes over <paramref name="socket"/>; the returned stream owns the socket.</summary>
    /// <param name="sni">Server name to send (and to verify the certificate against), or null.</param>
    public static async ValueTask<SslStream> HandshakeAsync(Socket socket, ProbeTarget target, string? sni, bool verify, CancellationToken cancellationToken)
    {
        var tls = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
        try
        {
            await tls.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    // An IP address is never sent as SNI (RFC 6066 §3), but it is what a certificate is checked against then.
                    TargetHost = sni ?? target.Address.ToString(),
                    RemoteCertificateValidationCallback = verify ? null : AcceptAny,
                },
                cancellationToken).ConfigureAwait(false);
            return tls;
        }
        catch
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
