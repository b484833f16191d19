namespace Fulcrum.Core.Config.Yaml;

/// <summary>A 1-based line and column in the config text.</summary>
internal readonly record struct SourceMark(int Line, int Column)
{
    public static SourceMark From(YamlDotNet.Core.Mark mark) => new((int)mark.Line, (int)mark.Column);
}
