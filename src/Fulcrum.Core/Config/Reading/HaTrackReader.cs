using Fulcrum.Core.Collections;
using Fulcrum.Core.Config.Yaml;

namespace Fulcrum.Core.Config.Reading;

/// <summary>Reads <c>ha.track</c>: interfaces and services by name with a weight, and commands.</summary>
internal sealed class HaTrackReader(ValueReader values, NetworkSet networks, EquatableArray<VirtualServiceConfig>? services)
{
    public const int MaxWeight = 254;
    public static readonly TimeSpan DefaultCommandInterval = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan DefaultCommandTimeout = TimeSpan.FromSeconds(1);
    public const int DefaultRise = 1;
    public const int DefaultFall = 1;

    private readonly DiagnosticBag _diagnostics = values.Diagnostics;

    public HaTrackConfig? Read(YamlValue? section)
    {
        MappingReader? track = MappingReader.Open(section, "track", ConfigKeys.Track, _diagnostics);
        if (track is null)
        {
            return section is null ? HaTrackConfig.None : null;
        }

        bool ok = true;
        var interfaces = ReadWeights(track.Optional("interfaces"), "track.interfaces", CheckInterface, ref ok);
        var tracked = ReadWeights(track.Optional("services"), "track.services", CheckService, ref ok);
        var commands = new List<TrackedCommandConfig>();
        if (track.Has("commands"))
        {
            if (values.TryList(track.Optional("commands"), "track.commands", out IReadOnlyList<YamlValue> items))
            {
                foreach (YamlValue item in items)
                {
                    TrackedCommandConfig? command = ReadCommand(item);
                    if (command is null)
                    {
                        ok = false;
                    }
                    else if (commands.Any(c => c.Name == command.Name))
                    {
                        _diagnostics.Error(item.Start, $"track command '{command.Name}' is defined twice");
                        ok = false;
                    }
                    else
                    {
                        commands.Add(command);
                    }
                }
            }
            else
            {
                ok = false;
            }
        }

        return ok ? new HaTrackConfig([.. interfaces], [.. tracked], [.. commands]) : null;
    }

    private List<TrackedWeight> ReadWeights(YamlValue? value, string where, Func<string, SourceMark, bool> check, ref bool ok)
    {
        var result = new List<TrackedWeight>();
        if (value is null)
        {
            return result;
        }

        MappingReader? mapping = MappingReader.Open(value, where, knownKeys: null, _diagnostics);
        if (mapping is null)
        {
            ok = false;
            return result;
        }

        foreach (YamlEntry entry in mapping.Entries)
        {
            string name = entry.Key.Text;
            bool valid = check(name, entry.Key.Start);
            valid &= values.TryInt(entry.Value, $"weight of '{name}'", -MaxWeight, MaxWeight, out int weight);
            if (valid)
            {
                result.Add(new TrackedWeight(name, weight));
            }

            ok &= valid;
        }

        return result;
    }

    private bool CheckInterface(string name, SourceMark at)
    {
        if (!Names.IsValidInterfaceName(name))
        {
            _diagnostics.Error(at, $"interface name '{name}' is not valid: 1-15 characters, no '/', ':' or spaces");
            return false;
        }

        if (networks.Valid.Values.FirstOrDefault(n => n.Interface == name) is { } network)
        {
            _diagnostics.Error(at, $"interface '{name}' carries network '{network.Name}', which is always tracked (its link down is a fault); track other interfaces here");
            return false;
        }

        return true;
    }

    private bool CheckService(string name, SourceMark at)
    {
        if (services is { } known && !known.Any(s => s.Name == name))
        {
            string names = known.IsEmpty ? "none" : string.Join(", ", known.Select(s => s.Name));
            _diagnostics.Error(at, $"track.services: there is no service '{name}'{Spelling.DidYouMean(name, known.Select(s => s.Name).ToList())} (services: {names})");
            return false;
        }

        return true;
    }

    private TrackedCommandConfig? ReadCommand(YamlValue item)
    {
        MappingReader? command = MappingReader.Open(item, "track command", ConfigKeys.TrackCommand, _diagnostics);
        if (command is null)
        {
            return null;
        }

        YamlValue? nameValue = command.Required("name");
        bool ok = values.TryText(nameValue, "name", out string name);
        if (ok && !Names.IsValidName(name))
        {
            _diagnostics.Error(nameValue!.Start, $"track command name '{name}' is not valid: use {Names.NameRule}");
            ok = false;
        }

        YamlValue? runValue = command.Required("run");
        bool hasRun = values.TryNonEmptyText(runValue, "run", out string run);
        if (hasRun && !run.StartsWith('/'))
        {
            _diagnostics.Error(runValue!.Start, "run should start with the program's absolute path, like /usr/local/bin/check-uplink --quick");
            hasRun = false;
        }

        ok &= hasRun;
        TimeSpan interval = DefaultCommandInterval;
        bool hasInterval = !command.Has("interval")
            || values.TryDuration(command.Optional("interval"), "interval", TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1), out interval);
        TimeSpan timeout = DefaultCommandTimeout;
        bool hasTimeout = !command.Has("timeout")
            || values.TryDuration(command.Optional("timeout"), "timeout", TimeSpan.FromMilliseconds(10), TimeSpan.FromHours(1), out timeout);
        if (hasInterval && hasTimeout && timeout > interval)
        {
            _diagnostics.Error(command.KeyStart(command.Has("timeout") ? "timeout" : "interval"), $"timeout {Text.DurationText.Format(timeout)} is longer than the interval {Text.DurationText.Format(interval)}");
            hasTimeout = false;
        }

        ok &= hasInterval && hasTimeout;
        int rise = DefaultRise;
        int fall = DefaultFall;
        int weight = 0;
        ok &= !command.Has("rise") || values.TryInt(command.Optional("rise"), "rise", 1, 100, out rise);
        ok &= !command.Has("fall") || values.TryInt(command.Optional("fall"), "fall", 1, 100, out fall);
        ok &= !command.Has("weight") || values.TryInt(command.Optional("weight"), "weight", -MaxWeight, MaxWeight, out weight);
        return ok ? new TrackedCommandConfig(name, run, interval, timeout, rise, fall, weight) : null;
    }
}
