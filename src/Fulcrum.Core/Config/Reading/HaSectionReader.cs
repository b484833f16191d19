using System.Text;
using Fulcrum.Core.Collections;
using Fulcrum.Core.Config.Yaml;

namespace Fulcrum.Core.Config.Reading;

/// <summary>Reads <c>ha:</c>, the VRRP settings.</summary>
internal sealed class HaSectionReader(ValueReader values, NetworkSet networks, EquatableArray<VirtualServiceConfig>? services)
{
    public static readonly IReadOnlyDictionary<string, HaAuthMode> AuthModes = new Dictionary<string, HaAuthMode>
    {
        ["none"] = HaAuthMode.None,
        ["password"] = HaAuthMode.Password,
        ["hmac"] = HaAuthMode.Hmac,
    };

    private const int MaxPasswordBytes = 8;

    public static readonly TimeSpan DefaultAdvert = TimeSpan.FromSeconds(1);

    // RFC 5798 §5.2.7: the v3 interval is 12 bits of centiseconds.
    private static readonly TimeSpan V3Step = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan V3Max = V3Step * 4095;

    // RFC 3768 §5.3.7: the v2 interval is 8 bits of whole seconds.
    private static readonly TimeSpan V2Max = TimeSpan.FromSeconds(255);

    // keepalived's preempt_delay limit.
    private static readonly TimeSpan MaxPreemptDelay = TimeSpan.FromSeconds(1000);

    // The flow hand-off covers the retransmissions of flows in flight at a switch-over; longer only
    // delays adopting flows whose old master went away after all.
    private static readonly TimeSpan MaxFlowHandOff = TimeSpan.FromMinutes(5);

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

        GratuitousArpConfig? garp = ReadGarp(ha.Optional("garp"));
        HaTrackConfig? track = new HaTrackReader(values, networks, services).Read(ha.Optional("track"));
        string? notify = null;
        if (ha.Has("notify"))
        {
            YamlValue notifyValue = ha.Optional("notify")!;
            bool hasNotify = values.TryNonEmptyText(notifyValue, "notify", out string program);
            if (hasNotify && (!program.StartsWith('/') || program.Any(char.IsWhiteSpace)))
            {
                _diagnostics.Error(notifyValue.Start, "notify should be the absolute path of a program, without arguments, like /usr/local/bin/fulcrum-notify");
                hasNotify = false;
            }

            ok &= hasNotify;
            notify = hasNotify ? program : null;
        }

        TimeSpan flowHandOff = HaConfig.DefaultFlowHandOff;
        if (ha.Has("flow_handoff"))
        {
            ok &= values.TryDuration(ha.Optional("flow_handoff"), "flow_handoff", TimeSpan.Zero, MaxFlowHandOff, out flowHandOff);
        }

        HaAuthConfig? auth = ReadAuth(ha.Optional("auth"), hasVersion ? version : 0);
        ConnectionSyncConfig? sync = ReadConnectionSync(ha.Optional("connection_sync"));
        if (!ok || garp is null || track is null || auth is null || sync is null)
        {
            return null;
        }

        return new HaConfig((byte)vrid, version, advert, preempt, preemptDelay, unicast)
        {
            Garp = garp,
            Track = track,
            Notify = notify,
            Auth = auth,
            ConnectionSync = sync,
            FlowHandOff = flowHandOff,
        };
    }

    private ConnectionSyncConfig? ReadConnectionSync(YamlValue? section)
    {
        MappingReader? sync = MappingReader.Open(section, "connection_sync", ConfigKeys.ConnectionSync, _diagnostics);
        if (sync is null)
        {
            return section is null ? ConnectionSyncConfig.Default : null;
        }

        bool enabled = false;
        bool ok = values.TryBool(sync.Required("enabled"), "connection_sync enabled", out enabled);
        int port = ConnectionSyncConfig.DefaultPort;
        ok &= !sync.Has("port") || values.TryInt(sync.Optional("port"), "connection_sync port", 1, 65535, out port);
        return ok ? new ConnectionSyncConfig(enabled, (ushort)port) : null;
    }

    private GratuitousArpConfig? ReadGarp(YamlValue? section)
    {
        MappingReader? garp = MappingReader.Open(section, "garp", ConfigKeys.Garp, _diagnostics);
        if (garp is null)
        {
            return section is null ? GratuitousArpConfig.Default : null;
        }

        var defaults = GratuitousArpConfig.Default;
        int count = defaults.Count;
        TimeSpan interval = defaults.Interval;
        TimeSpan refresh = defaults.Refresh;
        bool ok = !garp.Has("count") || values.TryInt(garp.Optional("count"), "garp count", 1, 100, out count);
        ok &= !garp.Has("interval") || values.TryDuration(garp.Optional("interval"), "garp interval", TimeSpan.Zero, TimeSpan.FromSeconds(10), out interval);
        if (garp.Has("refresh"))
        {
            bool hasRefresh = values.TryDuration(garp.Optional("refresh"), "garp refresh", TimeSpan.Zero, TimeSpan.FromHours(24), out refresh);
            if (hasRefresh && refresh > TimeSpan.Zero && refresh < TimeSpan.FromSeconds(1))
            {
                _diagnostics.Error(garp.Optional("refresh")!.Start, $"garp refresh {Text.DurationText.Format(refresh)} is too often: use 0s (off) or at least 1s");
                hasRefresh = false;
            }

            ok &= hasRefresh;
        }

        return ok ? new GratuitousArpConfig(count, interval, refresh) : null;
    }

    private HaAuthConfig? ReadAuth(YamlValue? section, int version)
    {
        MappingReader? auth = MappingReader.Open(section, "auth", ConfigKeys.Auth, _diagnostics);
        if (auth is null)
        {
            return section is null ? HaAuthConfig.None : null;
        }

        if (!values.TryEnum(auth.Required("type"), "auth type", AuthModes, out HaAuthMode mode))
        {
            return null;
        }

        bool ok = true;
        string? password = null;
        string? keyFile = null;
        foreach (var (key, needed) in new[] { ("password", HaAuthMode.Password), ("key_file", HaAuthMode.Hmac) })
        {
            if (auth.Has(key) && mode != needed)
            {
                _diagnostics.Error(auth.KeyStart(key), $"auth {key} is only used with type: {AuthModes.First(m => m.Value == needed).Key}");
                ok = false;
            }
        }

        SourceMark typeAt = auth.Optional("type")!.Start;
        switch (mode)
        {
            case HaAuthMode.Password:
                if (version == 3)
                {
                    _diagnostics.Error(typeAt, "auth type password needs version: 2 (VRRPv3 has no authentication field; for Fulcrum peers use type: hmac)");
                    ok = false;
                }

                YamlValue? passwordValue = auth.Required("password");
                if (values.TryNonEmptyText(passwordValue, "auth password", out string text))
                {
                    if (Encoding.UTF8.GetByteCount(text) > MaxPasswordBytes)
                    {
                        _diagnostics.Error(passwordValue!.Start, $"auth password is at most {MaxPasswordBytes} bytes (RFC 2338 §5.3.6.1)");
                        ok = false;
                    }
                    else
                    {
                        password = text;
                    }

                    if (password is not null && ok)
                    {
                        _diagnostics.Warning(passwordValue!.Start, "auth password is sent in clear text in every advert: it guards against misconfiguration, not attackers");
                    }
                }
                else
                {
                    ok = false;
                }

                break;
            case HaAuthMode.Hmac:
                if (version == 2)
                {
                    _diagnostics.Error(typeAt, "auth type hmac needs version: 3 (it is Fulcrum-to-Fulcrum; keepalived peers need version: 2 with type: password)");
                    ok = false;
                }

                YamlValue? keyValue = auth.Required("key_file");
                if (!values.TryNonEmptyText(keyValue, "auth key_file", out string path))
                {
                    ok = false;
                }
                else if (!path.StartsWith('/'))
                {
                    _diagnostics.Error(keyValue!.Start, "auth key_file should be an absolute path, like /etc/fulcrum/vrrp.key");
                    ok = false;
                }
                else
                {
                    keyFile = path;
                }

                break;
        }

        return ok ? new HaAuthConfig(mode, password, keyFile) : null;
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
