using System.Globalization;
using System.Text.Json;

namespace Fulcrum.Cli.Output;

/// <summary>
/// The lines printed after a write (<c>drain</c>, <c>enable</c>, <c>weight</c>, <c>failover</c>,
/// <c>reload</c>): the daemon's answer is <c>{"ok": true, "changes": [...]}</c> or the new status of
/// the real server(s) it changed (docs/api.md); either way the operator sees what changed.
/// </summary>
internal static class WriteAnswerFormatter
{
    public static IReadOnlyList<string> Lines(JsonElement answer, string nothingChanged)
    {
        if (answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("changes", out JsonElement changes) && changes.ValueKind == JsonValueKind.Array)
        {
            var lines = changes.EnumerateArray().Select(c => c.ValueKind == JsonValueKind.String ? c.GetString()! : c.GetRawText()).ToList();
            return lines.Count == 0 ? [nothingChanged] : lines;
        }

        if (answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("address", out _))
        {
            return [Server(answer)];
        }

        if (answer.ValueKind == JsonValueKind.Array && answer.EnumerateArray().All(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("address", out _)))
        {
            var lines = answer.EnumerateArray().Select(Server).ToList();
            return lines.Count == 0 ? [nothingChanged] : lines;
        }

        if (answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("ok", out JsonElement ok) && ok.ValueKind == JsonValueKind.True
            && answer.EnumerateObject().Count() == 1)
        {
            return ["done"];
        }

        return [answer.GetRawText()];
    }

    private static string Server(JsonElement server)
    {
        string address = Text(server, "address") ?? "?";
        string weight = Text(server, "weight") ?? "?";
        string configured = Text(server, "configured_weight") ?? weight;
        string shown = weight == configured ? weight : $"{configured}->{weight}";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{address}: weight {shown}, admin {Text(server, "admin") ?? "?"}, health {Text(server, "health") ?? "?"}");
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        } : null;
}
