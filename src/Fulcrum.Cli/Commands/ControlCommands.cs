using System.CommandLine;
using System.Text.Json;
using Fulcrum.Cli.Api;
using Fulcrum.Cli.Output;

namespace Fulcrum.Cli.Commands;

/// <summary>
/// <c>fulcrum failover</c> (the master hands mastership to its peer) and <c>fulcrum reload</c>
/// (re-read and apply the configuration file, like SIGHUP): <c>POST /v1/failover</c> and
/// <c>POST /v1/reload</c>. They need root on the Unix socket.
/// </summary>
internal static class ControlCommands
{
    public static Command CreateFailover() => Create(
        "failover",
        "Hand mastership to the peer gracefully: this node (the master) sends priority 0 and stays backup until the peer " +
        "is master. Refused (exit 1) when this node is not master. Needs root. Exit 0 done, 1 refused or failed, 2 usage error.",
        "v1/failover",
        "nothing changed");

    public static Command CreateReload() => Create(
        "reload",
        "Make the daemon re-read its configuration file and apply only the difference (same as SIGHUP). An invalid file " +
        "changes nothing: its errors are printed and the exit code is 1. Needs root. Exit 0 done, 1 refused or failed, 2 usage error.",
        "v1/reload",
        "no changes: the running configuration already matches the file");

    /// <summary>Prints a write's answer: JSON with <paramref name="json"/>, else what changed, one line each.</summary>
    public static async Task PrintAnswerAsync(TextWriter output, JsonElement answer, bool json, string nothingChanged)
    {
        if (json)
        {
            await output.WriteAsync(JsonSerializer.Serialize(answer, StatusCommand.IndentedJson) + "\n").ConfigureAwait(false);
            return;
        }

        foreach (string line in WriteAnswerFormatter.Lines(answer, nothingChanged))
        {
            await output.WriteLineAsync(line).ConfigureAwait(false);
        }
    }

    private static Command Create(string name, string description, string path, string nothingChanged)
    {
        var endpoint = new ApiEndpointOptions();
        var json = new Option<bool>("--json") { Description = "Print the daemon's answer as JSON." };
        var command = new Command(name, description) { json };
        endpoint.AddTo(command);
        command.SetAction((result, ct) => ApiCommands.RunAsync(result, endpoint, async (client, output, token) =>
        {
            JsonElement answer = await client.PostAsync(path, new { }, token).ConfigureAwait(false);
            await PrintAnswerAsync(output, answer, result.GetValue(json), nothingChanged).ConfigureAwait(false);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}
