using System.Diagnostics;
using System.Diagnostics.Metrics;
using Fulcrum.Core.Health;

namespace Fulcrum.Health.Engine;

/// <summary>
/// The health engine's instruments, on the meter <c>Fulcrum.Health</c>: probes by kind and outcome,
/// probe duration, transitions by kind and new status, and (observed when read) each target's last
/// probe latency, <c>check.latency</c> (exported as <c>fulcrum_health_check_latency</c>).
/// </summary>
public sealed class HealthMetrics
{
    /// <summary>The meter's name, for listeners and exporters.</summary>
    public const string MeterName = "Fulcrum.Health";

    private readonly Counter<long> _probes;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _transitions;
    private readonly Counter<long> _serviceTransitions;
    private Func<IReadOnlyList<TargetHealth>>? _targets;

    /// <summary>Creates the instruments on a meter of <paramref name="meterFactory"/>.</summary>
    public HealthMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        Meter meter = meterFactory.Create(MeterName);
        _probes = meter.CreateCounter<long>("fulcrum.health.probes", "{probe}", "Probes run, by kind and outcome.");
        _duration = meter.CreateHistogram<double>("fulcrum.health.probe.duration", "s", "How long probes take, by kind.");
        _transitions = meter.CreateCounter<long>("fulcrum.health.transitions", "{transition}", "Server health transitions, by kind and new status.");
        _serviceTransitions = meter.CreateCounter<long>("fulcrum.health.service.transitions", "{transition}", "Services crossing their quorum, by new state.");
        meter.CreateObservableGauge("check.latency", LastLatencies, "s", "How long the last probe of each target (address:port, check kind) took.");
    }

    /// <summary>Where <c>check.latency</c> reads the targets from: the engine that uses these metrics.</summary>
    internal void Observe(Func<IReadOnlyList<TargetHealth>> targets) => _targets = targets;

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

    private IEnumerable<Measurement<double>> LastLatencies() =>
        (_targets?.Invoke() ?? []).Where(t => t.LastLatency is not null).Select(t => new Measurement<double>(
            t.LastLatency!.Value.TotalSeconds,
            new KeyValuePair<string, object?>("target", t.Target.Endpoint),
            new KeyValuePair<string, object?>("check", t.Target.Kind)));

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
