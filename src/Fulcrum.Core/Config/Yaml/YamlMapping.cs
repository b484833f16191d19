namespace Fulcrum.Core.Config.Yaml;

/// <summary>A mapping, entries in file order; duplicate keys are kept so the reader can report them.</summary>
internal sealed class YamlMapping(SourceMark start, IReadOnlyList<YamlEntry> entries) : YamlValue(start)
{
    public IReadOnlyList<YamlEntry> Entries { get; } = entries;

    public override string Description => "a mapping";
}
