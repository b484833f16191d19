using Fulcrum.Core.Config.Reading;
using Fulcrum.Core.Config.Yaml;

namespace Fulcrum.Core.Config;

/// <summary>
/// Loads and validates a Fulcrum config file. Never throws for bad input: every problem comes
/// back as a <see cref="ConfigDiagnostic"/>, all of them at once, each at its line and column.
/// </summary>
public static class ConfigLoader
{
    /// <summary>The largest config file accepted, in bytes (1 MiB).</summary>
    public const int MaxFileBytes = ConfigFileReader.MaxBytes;

    /// <summary>Reads and validates the file at <paramref name="path"/>; diagnostics name the path as given.</summary>
    public static ConfigLoadResult Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var diagnostics = new DiagnosticBag(path);
        string? text = ConfigFileReader.ReadText(path, diagnostics);
        return text is null ? new ConfigLoadResult(null, diagnostics.ToSortedArray()) : Parse(text, diagnostics);
    }

    /// <summary>Validates config <paramref name="text"/>; <paramref name="sourceName"/> names it in diagnostics.</summary>
    public static ConfigLoadResult Parse(string text, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(sourceName);
        return Parse(text, new DiagnosticBag(sourceName));
    }

    private static ConfigLoadResult Parse(string text, DiagnosticBag diagnostics)
    {
        if (text.Length > MaxFileBytes)
        {
            diagnostics.FileError($"text is {text.Length} characters; a Fulcrum config is at most 1 MiB");
            return new ConfigLoadResult(null, diagnostics.ToSortedArray());
        }

        if (text.Contains('\0', StringComparison.Ordinal))
        {
            diagnostics.FileError("not a text file (it contains NUL bytes)");
            return new ConfigLoadResult(null, diagnostics.ToSortedArray());
        }

        YamlValue? root = YamlTreeBuilder.Build(text, diagnostics);
        ClusterConfig? config = root is null ? null : new ClusterConfigReader(diagnostics).Read(root);
        if (root is not null && config is null && !diagnostics.HasErrors)
        {
            // Every reader reports before it rejects; this guards that invariant without throwing.
            diagnostics.FileError("the config was rejected without a reason; this is a bug in Fulcrum, please report it");
        }

        return new ConfigLoadResult(diagnostics.HasErrors ? null : config, diagnostics.ToSortedArray());
    }
}
