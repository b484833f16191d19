using System.Net.Sockets;
using System.Security.Authentication;
using System.Globalization;
using Fulcrum.Core.Health;

namespace Fulcrum.Health.Checks;

/// <summary>Turns what sockets, TLS and streams throw into a probe result with a reason a person understands.</summary>
internal static class ProbeFailures
{
    public static ProbeResult Timeout(ProbeTarget target, string phase) =>
        ProbeResult.Failed(ProbeOutcome.Timeout, string.Create(CultureInfo.InvariantCulture, $"timeout after {target.Check.Timeout.TotalMilliseconds:0}ms {phase}"));

    /// <summary>The result for <paramref name="exception"/>, thrown while <paramref name="phase"/> (e.g. "connecting").</summary>
    public static ProbeResult From(Exception exception, ProbeTarget target, string phase, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException || cancellationToken.IsCancellationRequested)
        {
            return Timeout(target, phase);
        }

        if (exception is AuthenticationException tls)
        {
            return ProbeResult.Failed(ProbeOutcome.TlsError, $"TLS error: {Innermost(tls)}");
        }

        SocketException? socket = exception as SocketException ?? exception.InnerException as SocketException;
        if (socket is not null)
        {
            return socket.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => ProbeResult.Failed(ProbeOutcome.Refused, target.Check.Probe is Core.Config.UdpProbe or Core.Config.DnsProbe
                    ? "port unreachable (ICMP)"
                    : "connection refused"),
                SocketError.TimedOut => Timeout(target, phase),
                SocketError.HostUnreachable => ProbeResult.Failed(ProbeOutcome.Unreachable, "host unreachable"),
                SocketError.NetworkUnreachable => ProbeResult.Failed(ProbeOutcome.Unreachable, "network unreachable"),
                SocketError.AddressNotAvailable => ProbeResult.Failed(ProbeOutcome.Unreachable, $"source address {target.Source} is not on this host"),
                SocketError.ConnectionReset => ProbeResult.Failed(ProbeOutcome.Refused, $"connection reset while {phase}"),
                _ => ProbeResult.Failed(ProbeOutcome.Error, $"{socket.SocketErrorCode} while {phase}: {socket.Message}"),
            };
        }

        if (exception is IOException io)
        {
            return ProbeResult.Failed(phase.Contains("TLS", StringComparison.Ordinal) ? ProbeOutcome.TlsError : ProbeOutcome.Error,
                $"{(phase.Contains("TLS", StringComparison.Ordinal) ? "TLS error" : "I/O error")} while {phase}: {Innermost(io)}");
        }

        return ProbeResult.Failed(ProbeOutcome.Error, $"{exception.GetType().Name} while {phase}: {exception.Message}");
    }

    private static string Innermost(Exception exception)
    {
        Exception inner = exception;
        while (inner.InnerException is not null)
        {
            inner = inner.InnerException;
        }

        return inner == exception ? exception.Message : $"{exception.Message} ({inner.Message})";
    }
}
