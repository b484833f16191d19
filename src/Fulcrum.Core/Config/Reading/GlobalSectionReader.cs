using Fulcrum.Core.Config.Yaml;

namespace Fulcrum.Core.Config.Reading;

/// <summary>Reads <c>global:</c>; every key is optional.</summary>
internal sealed class GlobalSectionReader(ValueReader values)
{
    public static readonly GlobalSettings Defaults = new("/run/fulcrum", LogFormat.Text, LogVerbosity.Info);

    public static readonly IReadOnlyDictionary<string, LogFormat> LogFormats = new Dictionary<string, LogFormat>
    {
        ["text"] = LogFormat.Text,
        ["json"] = LogFormat.Json,
    };

    public static readonly IReadOnlyDictionary<string, LogVerbosity> LogLevels = new Dictionary<string, LogVerbosity>
    {
        ["debug"] = LogVerbosity.Debug,
        ["info"] = LogVerbosity.Info,
        ["warning"] = LogVerbosity.Warning,
        ["error"] = LogVerbosity.Error,
    };

    private readonly DiagnosticBag _diagnostics = values.Diagnostics;

    public GlobalSettings? Read(YamlValue? section)
    {
        if (section is null)
        {
            return Defaults;
        }

        MappingReader? global = MappingReader.Open(section, "global", ConfigKeys.Global, _diagnostics);
        if (global is null)
        {
            return null;
        }

        bool ok = true;
        string stateDir = Defaults.StateDir;
        if (global.Has("state_dir"))
        {
            YamlValue value = global.Optional("state_dir")!;
            ok &= values.TryNonEmptyText(value, "state_dir", out stateDir);
            if (ok && (!stateDir.StartsWith('/') || stateDir.Any(char.IsControl)))
            {
                _diagnostics.Error(value.Start, $"state_dir '{stateDir}' should be an absolute path, like /run/fulcrum");
                ok = false;
            }
        }

        LogFormat format = Defaults.LogFormat;
        if (global.Has("log_format"))
        {
            ok &= values.TryEnum(global.Optional("log_format"), "log_format", LogFormats, out format);
        }

        LogVerbosity level = Defaults.LogLevel;
        if (global.Has("log_level"))
        {
            ok &= values.TryEnum(global.Optional("log_level"), "log_level", LogLevels, out level);
        }

        return ok ? new GlobalSettings(stateDir, format, level) : null;
    }
}
