using System.Diagnostics;
using System.Diagnostics.Metrics;
using Fulcrum.Core.Health;

namespace Fulcrum.Health.Engine;

/// <summary>
/// The health engine's instruments, on the meter <c>Fulcrum.Health</c>: probes by kind and outcome,
/// probe duration, and transitions by kind and new status.
/// </summary>
public sealed class HealthMetrics
{
    /// <summary>The meter's name, for listeners and exporters.</summary>
    public const string MeterName = "Fulcrum.Health";

    private readonly Counter<long> _probes;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _transitions;
    private readonly Counter<long> _serviceTransitions;

    public HealthMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        Meter meter = meterFactory.Create(MeterName);
        _probes = meter.CreateCounter<long>("fulcrum.health.probes", "{probe}", "Probes run, by kind and outcome.");
        _duration = meter.CreateHistogram<double>("fulcrum.health.probe.duration", "s", "How long probes take, by kind.");
        _transitions = meter.CreateCounter<long>("fulcrum.health.transitions", "{transition}", "Server health transitions, by kind and new status.");
        _serviceTransitions = meter.CreateCounter<long>("fulcrum.health.service.transitions", "{transition}", "Services crossing their quorum, by new state.");
    }

    internal void ProbeDone(string kind, ProbeOutcome outcome, TimeSpan duration)
    {
        var tags = new TagList { { "kind", kind }, { "outcome", OutcomeTag(outcome) } };
        _probes.Add(1, tags);
        if (_duration.Enabled)
        {
            _duration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("kind", kind));
        }
    }

    internal void Transition(string kind, HealthStatus to) =>
        _transitions.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("to", StatusTag(to)));

    internal void ServiceTransition(bool up) =>
        _serviceTransitions.Add(1, new KeyValuePair<string, object?>("to", up ? "up" : "down"));

    private static string StatusTag(HealthStatus status) => status switch
    {
        HealthStatus.Up => "up",
        HealthStatus.Down => "down",
        _ => "unknown",
    };

    private static string OutcomeTag(ProbeOutcome outcome) => outcome switch
    {
        ProbeOutcome.Healthy => "healthy",
        ProbeOutcome.Refused => "refused",
        ProbeOutcome.Timeout => "timeout",
        ProbeOutcome.Unreachable => "unreachable",
        ProbeOutcome.BadStatus => "bad_status",
        ProbeOutcome.Mismatch => "mismatch",
        ProbeOutcome.TlsError => "tls_error",
        ProbeOutcome.ProtocolError => "protocol_error",
        ProbeOutcome.CommandFailed => "command_failed",
        _ => "error",
    };
}
