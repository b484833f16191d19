using System.Text.Json;

namespace Fulcrum.Cli.Api;

/// <summary>
/// Turns a non-2xx answer of the daemon (body <c>{"error": ..., "details": [...]}</c>, docs/api.md)
/// into an <see cref="ApiException"/> that tells the operator what it means.
/// </summary>
internal static class ApiErrors
{
    public static ApiException FromAnswer(ApiEndpoint endpoint, HttpMethod method, string target, int status, string? reason, string body)
    {
        (string? error, IReadOnlyList<string> details) = Read(body);
        string said = error ?? $"HTTP {status} {reason}".TrimEnd();
        string message = status switch
        {
            401 => $"unauthorized: the daemon at {endpoint.Describe()} did not accept the token (--token-file): {said}",
            403 => method == HttpMethod.Get
                ? $"permission denied: {said}"
                : $"permission denied: writes need root (run it as root or with sudo): {said}",
            422 => $"the daemon refused the configuration, nothing was changed: {said}",
            404 when error is null => $"the daemon at {endpoint.Describe()} does not know {method} /{target.Split('?')[0]}: is it an older version?",
            _ => $"the daemon answered {status}: {said}",
        };
        return new ApiException(message, status, details);
    }

    private static (string? Error, IReadOnlyList<string> Details) Read(string body)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(body);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, []);
            }

            string? error = root.TryGetProperty("error", out JsonElement e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
            var details = new List<string>();
            if (root.TryGetProperty("details", out JsonElement d) && d.ValueKind == JsonValueKind.Array)
            {
                details.AddRange(d.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!));
            }

            return (error, details);
        }
        catch (JsonException)
        {
            string text = body.Trim();
            return (text.Length == 0 ? null : text.Length > 200 ? text[..200] + "..." : text, []);
        }
    }
}
