using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fulcrum.Core.Status;

/// <summary>The one JSON style of the runtime API (docs/api.md): snake_case names and enums, nulls written.</summary>
public static class StatusJson
{
    /// <summary>Options shared by the daemon (writing) and the CLI (reading).</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = false,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
