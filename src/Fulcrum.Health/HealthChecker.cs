using Fulcrum.Core.Config;
using Fulcrum.Core.Health;
using Fulcrum.Health.Checks;
using Fulcrum.Health.Sockets;

namespace Fulcrum.Health;

/// <summary>
/// The real <see cref="IHealthChecker"/>: one socket (or one process) per probe, no pooling, no
/// HttpClient — what a probe costs is what it measures — except TCP checks over IPv4, which send a bare
/// SYN from the namespace's shared raw socket when the process may (see <c>SynProber</c>). Failures
/// come back as results with a reason.
/// </summary>
public sealed class HealthChecker : IHealthChecker
{
    private readonly TcpCheck _tcp;
    private readonly HttpCheck _http;
    private readonly TlsCheck _tls;
    private readonly UdpCheck _udp;
    private readonly DnsCheck _dns;
    private readonly CommandCheck _command;

    /// <summary>Creates the checker.</summary>
    /// <param name="sockets">Where sockets are made: null for this process's network namespace.</param>
    /// <param name="time">The clock for the command check's grace periods: null for the system clock.</param>
    public HealthChecker(ProbeSocketFactory? sockets = null, TimeProvider? time = null)
        : this(sockets, time, synProbes: true)
    {
    }

    /// <summary>Creates the checker; <paramref name="synProbes"/> false makes TCP checks connect a socket even where raw SYN probes are allowed.</summary>
    internal HealthChecker(ProbeSocketFactory? sockets, TimeProvider? time, bool synProbes)
    {
        sockets ??= ProbeSocketFactory.Default;
        _tcp = new TcpCheck(sockets, synProbes);
        _http = new HttpCheck(sockets);
        _tls = new TlsCheck(sockets);
        _udp = new UdpCheck(sockets);
        _dns = new DnsCheck(sockets);
        _command = new CommandCheck(time ?? TimeProvider.System);
    }

    /// <inheritdoc />
    public ValueTask<ProbeResult> CheckAsync(ProbeTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.Check.Probe switch
        {
            TcpProbe => _tcp.RunAsync(target, cancellationToken),
            HttpProbeBase => _http.RunAsync(target, cancellationToken),
            TlsProbe => _tls.RunAsync(target, cancellationToken),
            UdpProbe => _udp.RunAsync(target, cancellationToken),
            DnsProbe => _dns.RunAsync(target, cancellationToken),
            CommandProbe => _command.RunAsync(target, cancellationToken),
            _ => throw new ArgumentException($"unknown probe {target.Check.Probe.GetType().Name}", nameof(target)),
        };
    }
}
