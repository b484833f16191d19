using System.Net;
using Fulcrum.Core.Collections;
using Fulcrum.Core.Config;
using Fulcrum.Core.Health;
using Fulcrum.Health;

namespace Fulcrum.Core.Tests.Health.Checks;

/// <summary>Targets on loopback and a one-call way to probe them with the real checker.</summary>
internal static class Probes
{
    /// <summary>Generous, so probes that should pass do so on a loaded two-core machine (JIT, parallel tests).</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    /// <summary>For the tests that wait for a timeout on purpose.</summary>
    public static readonly TimeSpan Short = TimeSpan.FromMilliseconds(400);

    public static ProbeTarget On(ushort port, CheckProbe probe, IPAddress? source = null, TimeSpan? timeout = null) =>
        new(IPAddress.Loopback, port, new HealthCheckConfig(probe, TimeSpan.FromSeconds(10), timeout ?? Timeout, 1, 1, TimeSpan.Zero), source);

    public static HttpProbe Http(
        string path = "/",
        string? host = null,
        string? contains = null,
        string? regex = null,
        string? digest = null,
        params StatusCodeRange[] status) =>
        new(path, status.Length == 0 ? [new StatusCodeRange(200, 200)] : status.ToEquatableArray(), host, contains, regex, digest, null);

    /// <summary>Runs one probe with the checker's own timeout handling (a token cancelled at the check's timeout).</summary>
    public static async Task<ProbeResult> RunAsync(ProbeTarget target)
    {
        using var timeout = new CancellationTokenSource(target.Check.Timeout);
        return await new HealthChecker().CheckAsync(target, timeout.Token).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>A loopback port nobody listens on (bound, then released).</summary>
    public static ushort ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return (ushort)((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
