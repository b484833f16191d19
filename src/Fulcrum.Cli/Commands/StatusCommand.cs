using System.CommandLine;
using System.Text.Json;
using Fulcrum.Cli.Api;
using Fulcrum.Cli.Output;
using Fulcrum.Core.Status;

namespace Fulcrum.Cli.Commands;

/// <summary>
/// <c>fulcrum status [FILE --node NAME | --socket PATH | --url URL --token-file F] [--json]</c>:
/// what the daemon is doing — HA state, services and real servers with health, weights, connections
/// and rates — as a table, or as the API's JSON.
/// </summary>
internal static class StatusCommand
{
    /// <summary>The API's JSON style, indented for reading.</summary>
    public static readonly JsonSerializerOptions IndentedJson = new(StatusJson.Options) { WriteIndented = true };

    public static Command Create(TimeProvider clock)
    {
        var endpoint = new ApiEndpointOptions();
        var json = new Option<bool>("--json") { Description = "Print the status as JSON, in the shape of GET /v1/status." };
        var command = new Command(
            "status",
            "Show what the daemon of a node is doing: the HA sync group and VRRP instances, and every service with its " +
            "real servers (weight, admin state, health and why, connections, packets, bytes, rates). Any user may read. " +
            "Exit 0 ok, 1 the daemon cannot be reached or failed, 2 usage error.")
        {
            json,
        };
        endpoint.AddTo(command);
        command.SetAction((result, ct) => ApiCommands.RunAsync(result, endpoint, async (client, output, token) =>
        {
            StatusSnapshot status = await client.GetStatusAsync(token).ConfigureAwait(false);
            await output.WriteAsync(result.GetValue(json)
                ? JsonSerializer.Serialize(status, IndentedJson) + "\n"
                : StatusTableRenderer.Render(status, clock.GetUtcNow())).ConfigureAwait(false);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}
