using System.Diagnostics.Metrics;
using Fulcrum.Core.Status;

namespace Fulcrum.Daemon.Metrics;

/// <summary>
/// The daemon's meter <c>Fulcrum.Conntrack</c>, observed at scrape time from the conntrack monitor's
/// latest sample: the table's entries and limit (gauges; alert on entries / max), and the kernel's
/// early drops, drops and failed inserts (counters since the namespace was created).
/// </summary>
internal sealed class ConntrackMetrics
{
    public const string MeterName = "Fulcrum.Conntrack";

    private readonly Meter _meter;

    public ConntrackMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(MeterName);
    }

    /// <summary>Registers the observable instruments over <paramref name="latest"/> (nothing is reported while it is null).</summary>
    public void Observe(Func<ConntrackTableStatus?> latest)
    {
        ArgumentNullException.ThrowIfNull(latest);
        _meter.CreateObservableGauge("entries", () => Of(latest(), s => s.Entries), "{flow}", "Flows in the node's conntrack table.");
        _meter.CreateObservableGauge("max", () => Of(latest(), s => s.Max), "{flow}", "The conntrack table's limit (nf_conntrack_max).");
        _meter.CreateObservableCounter("early_drops", () => Of(latest(), s => (long)s.EarlyDrops), "{flow}", "Flows the kernel evicted to make room for new ones.");
        _meter.CreateObservableCounter("drops", () => Of(latest(), s => (long)s.Drops), "{flow}", "New flows the kernel refused: the table was full and nothing could be evicted.");
        _meter.CreateObservableCounter("insert_failed", () => Of(latest(), s => (long)s.InsertFailed), "{flow}", "Flows the kernel could not insert into the table.");
    }

    private static IEnumerable<Measurement<long>> Of(ConntrackTableStatus? status, Func<ConntrackTableStatus, long> value) =>
        status is null ? [] : [new Measurement<long>(value(status))];
}
