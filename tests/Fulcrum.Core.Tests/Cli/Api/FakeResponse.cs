namespace Fulcrum.Core.Tests.Cli.Api;

/// <summary>What the fake API server answers: a status and a JSON body; <see cref="Hold"/> answers nothing until the client goes away.</summary>
internal sealed record FakeResponse(int Status, string Body)
{
    /// <summary>A long poll that never ends by itself.</summary>
    public static FakeResponse Hold { get; } = new(0, "");

    public static FakeResponse Json(string body) => new(200, body);

    public static FakeResponse Error(int status, string error, params string[] details) =>
        new(status, System.Text.Json.JsonSerializer.Serialize(new { error, details }));
}
