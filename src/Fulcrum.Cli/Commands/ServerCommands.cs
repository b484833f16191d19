using System.CommandLine;
using System.Text.Json;
using Fulcrum.Cli.Api;
using Fulcrum.Cli.Output;
using Fulcrum.Core.Status;

namespace Fulcrum.Cli.Commands;

/// <summary>
/// <c>fulcrum drain SERVER</c>, <c>fulcrum enable SERVER</c> and <c>fulcrum weight SERVER N</c>
/// (each with <c>[--service NAME]</c> and the daemon's address): operator overrides of one real
/// server through <c>POST /v1/servers/{drain,enable,weight}</c>. They need root on the Unix socket.
/// </summary>
internal static class ServerCommands
{
    public static Command Create(ServerCommandKind kind)
    {
        var endpoint = new ApiEndpointOptions();
        var server = new Argument<string>("SERVER") { Description = "The real server, as address:port (as in status)." };
        var weight = new Argument<int>("N") { Description = "The new weight, 0..65535." };
        weight.Validators.Add(r =>
        {
            int n = r.GetValueOrDefault<int>();
            if (n is < 0 or > 65535)
            {
                r.AddError($"weight {n}: must be 0..65535");
            }
        });
        var service = new Option<string?>("--service") { Description = "Only in this service (default: every service that has SERVER)." };
        var json = new Option<bool>("--json") { Description = "Print the daemon's answer as JSON." };
        (string name, string description) = kind switch
        {
            ServerCommandKind.Drain => ("drain", "Drain a real server: weight 0 in the kernel, established flows continue, no new ones. Lasts until 'enable' or a restart."),
            ServerCommandKind.Enable => ("enable", "Undo 'drain' and any weight override of a real server: back to its configured weight."),
            _ => ("weight", "Set a real server's weight (0..65535) until 'enable' or a reload that changes its configured weight."),
        };
        var command = new Command(name, description + " Needs root on the Unix socket. Exit 0 done, 1 refused or failed, 2 usage error.");
        command.Arguments.Add(server);
        if (kind == ServerCommandKind.Weight)
        {
            command.Arguments.Add(weight);
        }

        command.Options.Add(service);
        command.Options.Add(json);
        endpoint.AddTo(command);
        command.SetAction((result, ct) => ApiCommands.RunAsync(result, endpoint, async (client, output, token) =>
        {
            string target = result.GetRequiredValue(server);
            var body = new ServerRequest(result.GetValue(service), target, kind == ServerCommandKind.Weight ? result.GetValue(weight) : null);
            JsonElement answer = await client.PostAsync("v1/servers/" + name, body, token).ConfigureAwait(false);
            await ControlCommands.PrintAnswerAsync(output, answer, result.GetValue(json), $"{target}: nothing changed (it already was so)").ConfigureAwait(false);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}
