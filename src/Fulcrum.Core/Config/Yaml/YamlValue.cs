namespace Fulcrum.Core.Config.Yaml;

/// <summary>A node of the YAML tree with the position where it starts.</summary>
internal abstract class YamlValue(SourceMark start)
{
    public SourceMark Start { get; } = start;

    /// <summary>What the node is, in words for error messages ("a list").</summary>
    public abstract string Description { get; }
}
