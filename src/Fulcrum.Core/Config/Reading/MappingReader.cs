using Fulcrum.Core.Config.Yaml;

namespace Fulcrum.Core.Config.Reading;

/// <summary>
/// Reads one mapping: reports duplicate and unknown keys when opened, then hands out values by
/// key and reports missing required keys at the mapping's position.
/// </summary>
internal sealed class MappingReader
{
    private readonly Dictionary<string, YamlEntry> _entries = new(StringComparer.Ordinal);
    private readonly DiagnosticBag _diagnostics;

    // Keys that an unknown key was probably meant to be: already reported as a typo, so not
    // reported again as missing.
    private readonly HashSet<string> _suggested = new(StringComparer.Ordinal);

    private MappingReader(YamlMapping mapping, string where, IReadOnlyCollection<string>? knownKeys, DiagnosticBag diagnostics)
    {
        Where = where;
        Start = mapping.Start;
        _diagnostics = diagnostics;
        var kept = new List<YamlEntry>();
        foreach (YamlEntry entry in mapping.Entries)
        {
            string key = entry.Key.Text;
            if (_entries.TryGetValue(key, out YamlEntry? first))
            {
                diagnostics.Error(entry.Key.Start, $"duplicate key '{key}' in {where} (first set on line {first.Key.Start.Line})");
            }
            else if (knownKeys is not null && !knownKeys.Contains(key))
            {
                string? suggestion = key == "<<" ? null : Spelling.Suggest(key, knownKeys);
                diagnostics.Error(entry.Key.Start, UnknownKeyMessage(key, suggestion, where, knownKeys));
                if (suggestion is not null)
                {
                    _suggested.Add(suggestion);
                }
            }
            else
            {
                _entries.Add(key, entry);
                kept.Add(entry);
            }
        }

        Entries = kept;
    }

    /// <summary>Where the mapping is, in words: "node 'lb1'", "ha".</summary>
    public string Where { get; }

    public SourceMark Start { get; }

    /// <summary>The accepted entries in file order (duplicates and unknown keys removed).</summary>
    public IReadOnlyList<YamlEntry> Entries { get; }

    /// <summary>
    /// Opens <paramref name="value"/> as a mapping; null when it is absent, already reported, or
    /// not a mapping (reported here). <paramref name="knownKeys"/> null accepts any key (name maps).
    /// </summary>
    public static MappingReader? Open(YamlValue? value, string where, IReadOnlyCollection<string>? knownKeys, DiagnosticBag diagnostics)
    {
        switch (value)
        {
            case null or YamlRejected:
                return null;
            case YamlMapping mapping:
                return new MappingReader(mapping, where, knownKeys, diagnostics);
            default:
                diagnostics.Error(value.Start, $"{where} should be a mapping of 'key: value' lines, but it is {value.Description}");
                return null;
        }
    }

    public bool Has(string key) => _entries.ContainsKey(key);

    /// <summary>The value of <paramref name="key"/>, or null when the key is absent.</summary>
    public YamlValue? Optional(string key) => _entries.TryGetValue(key, out YamlEntry? entry) ? entry.Value : null;

    /// <summary>The value of <paramref name="key"/>; reports it missing (at this mapping) when absent.</summary>
    public YamlValue? Required(string key)
    {
        if (_entries.TryGetValue(key, out YamlEntry? entry))
        {
            return entry.Value;
        }

        if (!_suggested.Contains(key))
        {
            _diagnostics.Error(Start, $"{Where} is missing the required key '{key}'");
        }

        return null;
    }

    /// <summary>The position of <paramref name="key"/> itself, or of the mapping when absent.</summary>
    public SourceMark KeyStart(string key) => _entries.TryGetValue(key, out YamlEntry? entry) ? entry.Key.Start : Start;

    private static string UnknownKeyMessage(string key, string? suggestion, string where, IReadOnlyCollection<string> knownKeys)
    {
        if (key == "<<")
        {
            return "YAML merge keys ('<<') are not supported; write the keys out in full";
        }

        return suggestion is not null
            ? $"unknown key '{key}' in {where}; did you mean '{suggestion}'?"
            : $"unknown key '{key}' in {where}; valid keys are: {string.Join(", ", knownKeys)}";
    }
}
