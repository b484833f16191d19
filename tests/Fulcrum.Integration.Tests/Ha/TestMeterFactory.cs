using System.Diagnostics.Metrics;

namespace Fulcrum.Integration.Tests.Ha;

/// <summary>A meter factory for one test's engine; the daemon and CLI get theirs from dependency injection.</summary>
internal sealed class TestMeterFactory : IMeterFactory
{
    private readonly List<Meter> _meters = [];

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(options);
        _meters.Add(meter);
        return meter;
    }

    public void Dispose()
    {
        foreach (var meter in _meters)
        {
            meter.Dispose();
        }
    }
}
