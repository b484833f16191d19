using System.Text.Json;
using System.Text.Json.Nodes;

namespace Fulcrum.Bench;

/// <summary>
/// What a mode measured, for machines: every series of samples (and a few single values) under its
/// printed name, written as JSON by <c>--json PATH</c> for <c>bench/run</c>'s report. Recording
/// never changes what a mode prints or how it judges its goals.
/// </summary>
internal static class BenchResults
{
    private static readonly Lock Gate = new();
    private static readonly JsonObject Series = [];
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Keeps the samples of one measure (a later series of the same name replaces it).</summary>
    public static void Record(string name, string unit, IEnumerable<double> samples)
    {
        var values = new JsonArray([.. samples.Select(s => JsonValue.Create(Math.Round(s, 4)))]);
        lock (Gate)
        {
            Series[name] = new JsonObject { ["unit"] = unit, ["samples"] = values };
        }
    }

    /// <summary>Writes {"mode": MODE, "exit": CODE, "series": {NAME: {"unit", "samples"}}} to PATH.</summary>
    public static void Write(string path, string mode, int exitCode)
    {
        JsonObject document;
        lock (Gate)
        {
            document = new JsonObject { ["mode"] = mode, ["exit"] = exitCode, ["series"] = Series.DeepClone() };
        }

        File.WriteAllText(path, document.ToJsonString(Indented) + "\n");
    }
}
