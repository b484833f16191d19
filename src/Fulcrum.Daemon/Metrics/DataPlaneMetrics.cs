using System.Diagnostics.Metrics;
using Fulcrum.Core.Health;
using Fulcrum.Daemon.Reconcile;
using Fulcrum.Health.Engine;

namespace Fulcrum.Daemon.Metrics;

/// <summary>
/// The daemon's meter <c>Fulcrum.DataPlane</c>: apply durations and errors, and, observed at scrape
/// time from the reconciler's latest snapshot, per service and real server connections, packets,
/// bytes, weights and health.
/// </summary>
internal sealed class DataPlaneMetrics
{
    public const string MeterName = "Fulcrum.DataPlane";

    private readonly Meter _meter;
    private readonly Histogram<double> _applyDuration;
    private readonly Counter<long> _applyErrors;

    public DataPlaneMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(MeterName);
        _applyDuration = _meter.CreateHistogram<double>("apply.duration", "s", "Time to apply one plan to the kernel (one transaction).");
        _applyErrors = _meter.CreateCounter<long>("apply.errors", "{error}", "Plans the kernel refused (nothing was changed).");
    }

    public void Applied(TimeSpan elapsed) => _applyDuration.Record(elapsed.TotalSeconds);

    public void ApplyFailed() => _applyErrors.Add(1);

    /// <summary>Registers the observable instruments over the reconciler's snapshot and the health engine.</summary>
    public void Observe(Func<ReconcilerSnapshot> snapshot, Func<IReadOnlyList<TargetHealth>> health)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(health);
        _meter.CreateObservableGauge("service.connections", () => Services(snapshot(), t => t.ActiveConnections ?? 0), "{connection}", "Connections the kernel tracks per service.");
        _meter.CreateObservableCounter("service.packets", () => Services(snapshot(), t => (long)(t.PacketsIn + t.PacketsOut)), "{packet}", "Packets per service, both directions.");
        _meter.CreateObservableCounter("service.bytes", () => Services(snapshot(), t => (long)(t.BytesIn + t.BytesOut)), "By", "Bytes per service, both directions.");
        _meter.CreateObservableGauge("server.connections", () => Servers(snapshot(), t => t.ActiveConnections ?? 0), "{connection}", "Connections the kernel tracks per real server.");
        _meter.CreateObservableCounter("server.packets", () => Servers(snapshot(), t => (long)(t.PacketsIn + t.PacketsOut)), "{packet}", "Packets per real server, both directions.");
        _meter.CreateObservableCounter("server.bytes", () => Servers(snapshot(), t => (long)(t.BytesIn + t.BytesOut)), "By", "Bytes per real server, both directions.");
        _meter.CreateObservableGauge("server.weight", () => Weights(snapshot()), "{weight}", "The weight the kernel gives each real server (0: out of the pool).");
        _meter.CreateObservableGauge("server.health", () => Health(health()), "{state}", "Health per real server: 1 up, 0 down, -1 unknown.");
    }

    private static IEnumerable<Measurement<long>> Services(ReconcilerSnapshot snapshot, Func<Core.Status.TrafficStatus, long> value) =>
        snapshot.Traffic.Services.Select(pair => new Measurement<long>(value(pair.Value), new KeyValuePair<string, object?>("service", pair.Key)));

    private static IEnumerable<Measurement<long>> Servers(ReconcilerSnapshot snapshot, Func<Core.Status.TrafficStatus, long> value) =>
        snapshot.Traffic.Servers.Select(pair => new Measurement<long>(
            value(pair.Value),
            new KeyValuePair<string, object?>("service", pair.Key.Service),
            new KeyValuePair<string, object?>("server", pair.Key.Endpoint.ToString())));

    private static IEnumerable<Measurement<long>> Weights(ReconcilerSnapshot snapshot) =>
        snapshot.Kernel is null
            ? []
            : snapshot.Kernel.Services.SelectMany(s => s.Servers.Select(r => new Measurement<long>(
                r.Weight,
                new KeyValuePair<string, object?>("service", s.Name),
                new KeyValuePair<string, object?>("server", r.Endpoint.ToString()))));

    private static IEnumerable<Measurement<int>> Health(IReadOnlyList<TargetHealth> targets) =>
        targets.SelectMany(t => t.Servers.Select(s => new Measurement<int>(
            t.Status switch { HealthStatus.Up => 1, HealthStatus.Down => 0, _ => -1 },
            new KeyValuePair<string, object?>("service", s.Service),
            new KeyValuePair<string, object?>("server", s.Endpoint.ToString()),
            new KeyValuePair<string, object?>("check", t.Target.Kind))));
}
