using Fulcrum.Core.Config.Yaml;

namespace Fulcrum.Core.Config.Reading;

/// <summary>Reads <c>ha:</c>, the VRRP settings.</summary>
internal sealed class HaSectionReader(ValueReader values)
{
    public static readonly TimeSpan DefaultAdvert = TimeSpan.FromSeconds(1);

    // RFC 5798 §5.2.7: the v3 interval is 12 bits of centiseconds.
    private static readonly TimeSpan V3Step = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan V3Max = V3Step * 4095;

    // RFC 3768 §5.3.7: the v2 interval is 8 bits of whole seconds.
    private static readonly TimeSpan V2Max = TimeSpan.FromSeconds(255);

    // keepalived's preempt_delay limit.
    private static readonly TimeSpan MaxPreemptDelay = TimeSpan.FromSeconds(1000);

    private readonly DiagnosticBag _diagnostics = values.Diagnostics;

    public HaConfig? Read(YamlValue? section)
    {
        MappingReader? ha = MappingReader.Open(section, "ha", ConfigKeys.Ha, _diagnostics);
        if (ha is null)
        {
            return null;
        }

        bool ok = values.TryInt(ha.Required("vrid"), "vrid", 1, 255, out int vrid);

        int version = 3;
        bool hasVersion = !ha.Has("version") || values.TryInt(ha.Optional("version"), "version", 2, 3, out version);
        ok &= hasVersion;

        TimeSpan advert = DefaultAdvert;
        if (ha.Has("advert"))
        {
            ok &= values.TryDuration(ha.Optional("advert"), "advert", TimeSpan.Zero, TimeSpan.FromHours(1), out advert)
                && (!hasVersion || CheckAdvert(advert, version, ha.Optional("advert")!.Start));
        }

        bool preempt = true;
        if (ha.Has("preempt"))
        {
            ok &= values.TryBool(ha.Optional("preempt"), "preempt", out preempt);
        }

        TimeSpan preemptDelay = TimeSpan.Zero;
        if (ha.Has("preempt_delay"))
        {
            bool hasDelay = values.TryDuration(ha.Optional("preempt_delay"), "preempt_delay", TimeSpan.Zero, MaxPreemptDelay, out preemptDelay);
            if (hasDelay && !preempt && preemptDelay > TimeSpan.Zero)
            {
                _diagnostics.Warning(ha.Optional("preempt_delay")!.Start, "preempt_delay has no effect with preempt: false");
            }

            ok &= hasDelay;
        }

        bool unicast = false;
        if (ha.Has("unicast"))
        {
            ok &= values.TryBool(ha.Optional("unicast"), "unicast", out unicast);
        }

        return ok ? new HaConfig((byte)vrid, version, advert, preempt, preemptDelay, unicast) : null;
    }

    private bool CheckAdvert(TimeSpan advert, int version, SourceMark at)
    {
        string text = Text.DurationText.Format(advert);
        if (version == 3 && (advert < V3Step || advert > V3Max || advert.Ticks % V3Step.Ticks != 0))
        {
            _diagnostics.Error(at, $"advert {text} is not valid for VRRP version 3: use 10ms to 40s950ms in steps of 10ms");
            return false;
        }

        if (version == 2 && (advert < TimeSpan.FromSeconds(1) || advert > V2Max || advert.Ticks % TimeSpan.TicksPerSecond != 0))
        {
            _diagnostics.Error(at, $"advert {text} is not valid for VRRP version 2: use whole seconds from 1s to 255s");
            return false;
        }

        return true;
    }
}
