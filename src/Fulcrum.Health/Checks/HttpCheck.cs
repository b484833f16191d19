using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Fulcrum.Core.Config;
using Fulcrum.Core.Health;
using Fulcrum.Health.Http;
using Fulcrum.Health.Sockets;

namespace Fulcrum.Health.Checks;

/// <summary>
/// HTTP and HTTPS GET: one connection, a minimal HTTP/1.1 request with <c>Connection: close</c>, the
/// status checked against the accepted codes, then (only when the check looks at it) the body, capped
/// at 64 KiB, against <c>body_contains</c>, <c>body_regex</c> and <c>digest</c> (the MD5 of the body in
/// hex, as keepalived's HTTP_GET digest and md5sum compute it).
/// </summary>
internal sealed class HttpCheck(ProbeSocketFactory sockets)
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(100);
    private static readonly ConcurrentDictionary<string, Regex> Patterns = new(StringComparer.Ordinal);

    public async ValueTask<ProbeResult> RunAsync(ProbeTarget target, CancellationToken cancellationToken)
    {
        var probe = (HttpProbeBase)target.Check.Probe;
        var https = probe as HttpsProbe;
        Socket socket;
        try
        {
            socket = await TcpConnector.ConnectAsync(sockets, target, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return ProbeFailures.From(e, target, "connecting", cancellationToken);
        }

        Stream stream;
        try
        {
            stream = https is null
                ? new NetworkStream(socket, ownsSocket: true)
                : await TlsClient.HandshakeAsync(socket, target, https.Sni, https.Verify, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or AuthenticationException or SocketException or OperationCanceledException)
        {
            return ProbeFailures.From(e, target, "in the TLS handshake", cancellationToken);
        }

        await using (stream.ConfigureAwait(false))
        {
            string phase = "sending the request";
            try
            {
                byte[] request = HttpGetRequest.Build(probe.Path, probe.Host, target.Address, target.Port ?? 0, https is not null);
                await stream.WriteAsync(request, cancellationToken).ConfigureAwait(false);
                phase = "reading the response";
                var reader = new HttpResponseReader(stream);
                HttpResponseHead head = await reader.ReadHeadAsync(cancellationToken).ConfigureAwait(false);
                if (!probe.Status.Any(range => range.Contains(head.Status)))
                {
                    return ProbeResult.Failed(ProbeOutcome.BadStatus, $"status {head.Status} (expected {string.Join(", ", probe.Status)})");
                }

                if (probe.BodyContains is null && probe.BodyRegex is null && probe.Digest is null)
                {
                    return ProbeResult.Healthy($"status {head.Status}");
                }

                phase = "reading the body";
                byte[] body = await reader.ReadBodyAsync(head, cancellationToken).ConfigureAwait(false);
                return CheckBody(probe, head.Status, body);
            }
            catch (HttpResponseException e)
            {
                return ProbeResult.Failed(ProbeOutcome.ProtocolError, e.Message);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
            {
                return ProbeFailures.From(e, target, phase, cancellationToken);
            }
        }
    }

    internal static ProbeResult CheckBody(HttpProbeBase probe, int status, byte[] body)
    {
        string text = Encoding.UTF8.GetString(body);
        if (probe.BodyContains is { } expected && !text.Contains(expected, StringComparison.Ordinal))
        {
            return ProbeResult.Failed(ProbeOutcome.Mismatch, $"body mismatch: no '{HttpResponseReader.Printable(expected)}' in {body.Length} bytes");
        }

        if (probe.BodyRegex is { } pattern)
        {
            try
            {
                if (!Pattern(pattern).IsMatch(text))
                {
                    return ProbeResult.Failed(ProbeOutcome.Mismatch, $"body mismatch: /{HttpResponseReader.Printable(pattern)}/ does not match");
                }
            }
            catch (RegexMatchTimeoutException)
            {
                return ProbeResult.Failed(ProbeOutcome.Mismatch, $"body mismatch: /{HttpResponseReader.Printable(pattern)}/ took longer than {RegexTimeout.TotalMilliseconds:0}ms");
            }
        }

        if (probe.Digest is { } digest)
        {
#pragma warning disable CA5351 // MD5 is what keepalived's digest means; it detects changed content, it protects nothing.
            string actual = Convert.ToHexStringLower(MD5.HashData(body));
#pragma warning restore CA5351
            if (!string.Equals(actual, digest, StringComparison.Ordinal))
            {
                return ProbeResult.Failed(ProbeOutcome.Mismatch, $"body mismatch: MD5 {actual}, expected {digest}");
            }
        }

        return ProbeResult.Healthy($"status {status}, body as expected");
    }

    private static Regex Pattern(string pattern) =>
        Patterns.GetOrAdd(pattern, p => new Regex(p, RegexOptions.CultureInvariant, RegexTimeout));
}
