namespace Fulcrum.Core.Config.Yaml;

/// <summary>
/// Stands in for a node that was already reported (an alias, or nesting too deep). Readers skip it silently, so one
/// mistake gives one error.
/// </summary>
internal sealed class YamlRejected(SourceMark start) : YamlValue(start)
{
    public override string Description => "a rejected value";
}
