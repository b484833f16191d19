using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Fulcrum.Core.Collections;
using Fulcrum.Core.Config;
using Fulcrum.Core.Health;

namespace Fulcrum.Core.Tests.Health.Checks;

/// <summary>HTTPS and TLS checkers against an in-process TLS server with a self-signed certificate.</summary>
public sealed class TlsCheckTests
{
    private static readonly X509Certificate2 Certificate = SelfSigned("www.example.org");

    [Fact]
    public async Task Https_sends_sni_and_accepts_a_self_signed_certificate_without_verify()
    {
        string? sni = null;
        await using var server = TlsServer(name => sni = name, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");

        ProbeResult result = await Probes.RunAsync(Probes.On(server.Port, Https(sni: "www.example.org", verify: false, contains: "ok")));

        Assert.Equal(ProbeResult.Healthy("status 200, body as expected"), result);
        Assert.Equal("www.example.org", sni);
    }

    [Fact]
    public async Task Https_with_verify_refuses_a_certificate_nobody_signed()
    {
        await using var server = TlsServer(_ => { }, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");

        // Building the certificate chain the first time (loading the system trust store) can take a while.
        ProbeResult result = await Probes.RunAsync(Probes.On(server.Port, Https(sni: "www.example.org", verify: true), timeout: TimeSpan.FromSeconds(5)));

        Assert.Equal(ProbeOutcome.TlsError, result.Outcome);
        Assert.StartsWith("TLS error: ", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tls_handshake_check_passes_on_tls_and_fails_on_a_plain_server()
    {
        await using var tls = TlsServer(_ => { }, "");
        await using var plain = new LoopbackServer(async (socket, ct) =>
            await socket.SendAsync(Encoding.ASCII.GetBytes("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n"), ct));

        ProbeResult good = await Probes.RunAsync(Probes.On(tls.Port, new TlsProbe(null, "www.example.org", false)));
        ProbeResult bad = await Probes.RunAsync(Probes.On(plain.Port, new TlsProbe(null, null, false)));

        Assert.True(good.IsHealthy, good.Reason);
        Assert.StartsWith("TLS handshake done", good.Reason, StringComparison.Ordinal);
        Assert.Equal(ProbeOutcome.TlsError, bad.Outcome);
    }

    [Fact]
    public async Task Tls_to_a_closed_port_is_refused()
    {
        ProbeResult result = await Probes.RunAsync(Probes.On(Probes.ClosedPort(), new TlsProbe(null, null, false)));

        Assert.Equal(ProbeResult.Failed(ProbeOutcome.Refused, "connection refused"), result);
    }

    private static HttpsProbe Https(string? sni, bool verify, string? contains = null) =>
        new("/", [new StatusCodeRange(200, 200)], null, contains, null, null, null, sni, verify);

    private static LoopbackServer TlsServer(Action<string> onSni, string response) => new(async (socket, ct) =>
    {
        await using var tls = new SslStream(new NetworkStream(socket, ownsSocket: true));
        await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = Certificate }, ct);
        onSni(tls.TargetHostName);
        if (response.Length > 0)
        {
            await LoopbackServer.ReadHeadAsync(tls, ct);
            await tls.WriteAsync(Encoding.ASCII.GetBytes(response), ct);
        }
    });

    private static X509Certificate2 SelfSigned(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(name);
        request.CertificateExtensions.Add(san.Build());
        using X509Certificate2 certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        // Through PKCS#12 so the private key is usable by the TLS server on Linux.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }
}
