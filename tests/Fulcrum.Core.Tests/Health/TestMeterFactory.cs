using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Fulcrum.Core.Tests.Health;

/// <summary>
/// An <see cref="IMeterFactory"/> whose meters are private to one test, with a listener that sums every
/// long counter by instrument name and tags (<c>name|tag=value|...</c>) and keeps the last double
/// measurement the same way (histograms, and gauges read by <see cref="ReadObservables"/>).
/// </summary>
internal sealed class TestMeterFactory : IMeterFactory
{
    private readonly List<Meter> _meters = [];
    private readonly MeterListener _listener = new();

    public TestMeterFactory()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (_meters.Contains(instrument.Meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string key = string.Join('|', [instrument.Name, .. tags.ToArray().OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}")]);
            Counts.AddOrUpdate(key, value, (_, sum) => sum + value);
        });
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
            Values[string.Join('|', [instrument.Name, .. tags.ToArray().OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}")])] = value);
        _listener.Start();
    }

    public ConcurrentDictionary<string, long> Counts { get; } = new();

    public ConcurrentDictionary<string, double> Values { get; } = new();

    /// <summary>Reads every observable instrument now (what a scrape does).</summary>
    public void ReadObservables() => _listener.RecordObservableInstruments();

    public long Count(string prefix) => Counts.Where(c => c.Key.StartsWith(prefix, StringComparison.Ordinal)).Sum(c => c.Value);

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(options.Name, options.Version, options.Tags, scope: this);
        lock (_meters)
        {
            _meters.Add(meter);
        }

        return meter;
    }

    public void Dispose()
    {
        _listener.Dispose();
        foreach (Meter meter in _meters)
        {
            meter.Dispose();
        }
    }
}
