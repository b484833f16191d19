using System.Diagnostics.Metrics;

namespace Fulcrum.Cli.Output;

/// <summary>The meters of one CLI run: created on demand, disposed with the factory (no exporter: the CLI prints).</summary>
internal sealed class ProcessMeterFactory : IMeterFactory
{
    private readonly List<Meter> _meters = [];

    public Meter Create(MeterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var meter = new Meter(options.Name, options.Version, options.Tags, scope: this);
        _meters.Add(meter);
        return meter;
    }

    public void Dispose()
    {
        foreach (Meter meter in _meters)
        {
            meter.Dispose();
        }
    }
}
