namespace Fulcrum.Core.Health;

/// <summary>
/// The port through which the health engine probes servers: one call, one probe. Implementations
/// (sockets, TLS, processes) live outside the core; unit tests use a recording fake.
/// </summary>
public interface IHealthChecker
{
    /// <summary>Probes <paramref name="target"/> once.</summary>
    /// <param name="target">What to probe and how.</param>
    /// <param name="cancellationToken">
    /// Cancelled when the check's timeout passes (or the engine stops): the probe must then end
    /// promptly with <see cref="ProbeOutcome.Timeout"/> and release everything it holds.
    /// </param>
    /// <returns>The result; failures are results, not exceptions.</returns>
    ValueTask<ProbeResult> CheckAsync(ProbeTarget target, CancellationToken cancellationToken);
}
