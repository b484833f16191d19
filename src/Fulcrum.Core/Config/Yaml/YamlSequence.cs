namespace Fulcrum.Core.Config.Yaml;

/// <summary>A list.</summary>
internal sealed class YamlSequence(SourceMark start, IReadOnlyList<YamlValue> items) : YamlValue(start)
{
    public IReadOnlyList<YamlValue> Items { get; } = items;

    public override string Description => "a list";
}
