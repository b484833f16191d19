namespace Fulcrum.Core.Config.Yaml;

/// <summary>A single value. Plain (unquoted) empty, <c>~</c> and <c>null</c> mean "no value".</summary>
internal sealed class YamlScalar(SourceMark start, string text, bool isPlain) : YamlValue(start)
{
    public string Text { get; } = text;

    public bool IsPlain { get; } = isPlain;

    public bool IsNull => IsPlain && Text is "" or "~" or "null" or "Null" or "NULL";

    public override string Description => IsNull ? "empty" : "a single value";
}
