using System.Text.Json;

namespace Fulcrum.Integration.Tests.Guest;

/// <summary>The results file a guest run leaves (JSON array of <see cref="GuestTestResult"/>), rewritten after each test.</summary>
internal static class GuestTestResults
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    public static void Write(string path, IReadOnlyList<GuestTestResult> results)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(results, Options));
        File.Move(temporary, path, overwrite: true);
    }

    public static IReadOnlyList<GuestTestResult> Read(string path) =>
        File.Exists(path) ? JsonSerializer.Deserialize<List<GuestTestResult>>(File.ReadAllText(path), Options) ?? [] : [];
}
