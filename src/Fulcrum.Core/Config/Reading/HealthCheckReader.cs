using Fulcrum.Core.Config.Text;
using Fulcrum.Core.Config.Yaml;
using Fulcrum.Core.Net;

namespace Fulcrum.Core.Config.Reading;

/// <summary>Reads a service's <c>check:</c>: exactly one probe kind plus the timing settings.</summary>
internal sealed class HealthCheckReader(ValueReader values)
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMilliseconds(500);
    public const int DefaultRise = 2;
    public const int DefaultFall = 3;

    public static readonly IReadOnlyDictionary<string, HealthInitialState> InitialStates =
        new Dictionary<string, HealthInitialState> { ["down"] = HealthInitialState.Down, ["up"] = HealthInitialState.Up };

    private static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MaxTiming = TimeSpan.FromHours(1);

    private readonly DiagnosticBag _diagnostics = values.Diagnostics;

    public HealthCheckConfig? Read(YamlValue? section, string serviceWhere, ListenEndpoint? listen)
    {
        string where = $"check of {serviceWhere}";
        MappingReader? check = MappingReader.Open(section, where, ConfigKeys.Check, _diagnostics);
        if (check is null)
        {
            return null;
        }

        CheckProbe? probe = ReadProbe(check, where);
        bool ok = probe is not null;
        if (probe is not null and not CommandProbe && probe.Port is null && listen is { Ports.IsSinglePort: false } range)
        {
            string kind = check.Entries.First(e => ConfigKeys.CheckKinds.Contains(e.Key.Text)).Key.Text;
            _diagnostics.Error(check.KeyStart(kind), $"the {kind} check needs a port: the service listens on ports {range.Ports} and its servers have none");
            ok = false;
        }

        ok &= TryDuration(check, "interval", MinInterval, DefaultInterval, out TimeSpan interval, out bool intervalRead);
        ok &= TryDuration(check, "timeout", MinTimeout, DefaultTimeout, out TimeSpan timeout, out bool timeoutRead);
        if (intervalRead && timeoutRead && timeout >= interval)
        {
            string key = check.Has("timeout") ? "timeout" : "interval";
            YamlValue? at = check.Optional(key);
            string timeoutText = DurationText.Format(timeout) + (check.Has("timeout") ? "" : " (the default)");
            _diagnostics.Error(at?.Start ?? check.Start, $"timeout {timeoutText} must be shorter than interval {DurationText.Format(interval)}");
            ok = false;
        }

        ok &= TryCount(check, "rise", DefaultRise, out int rise);
        ok &= TryCount(check, "fall", DefaultFall, out int fall);
        ok &= TryDuration(check, "retry_delay", TimeSpan.Zero, TimeSpan.Zero, out TimeSpan retryDelay, out _);
        HealthInitialState initial = HealthInitialState.Down;
        ok &= !check.Has("initial") || values.TryEnum(check.Optional("initial"), "initial state", InitialStates, out initial);
        return ok ? new HealthCheckConfig(probe!, interval, timeout, rise, fall, retryDelay, initial) : null;
    }

    private CheckProbe? ReadProbe(MappingReader check, string where)
    {
        var kinds = check.Entries.Where(e => ConfigKeys.CheckKinds.Contains(e.Key.Text)).ToList();
        if (kinds.Count == 0)
        {
            _diagnostics.Error(check.Start, $"{where} needs one probe: {string.Join(", ", ConfigKeys.CheckKinds)}");
            return null;
        }

        foreach (YamlEntry extra in kinds.Skip(1))
        {
            _diagnostics.Error(extra.Key.Start, $"{where} already has a '{kinds[0].Key.Text}' probe; use one probe per check");
        }

        CheckProbe? probe = new ProbeReader(values).Read(kinds[0].Key.Text, kinds[0].Value, where);
        return kinds.Count == 1 ? probe : null;
    }

    private bool TryDuration(MappingReader check, string key, TimeSpan min, TimeSpan fallback, out TimeSpan value, out bool read)
    {
        value = fallback;
        read = !check.Has(key) || values.TryDuration(check.Optional(key), key, min, MaxTiming, out value);
        return read;
    }

    private bool TryCount(MappingReader check, string key, int fallback, out int value)
    {
        value = fallback;
        return !check.Has(key) || values.TryInt(check.Optional(key), key, 1, 100, out value);
    }
}
