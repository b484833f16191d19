using System.CommandLine;
using Fulcrum.Cli.Api;

namespace Fulcrum.Cli.Commands;

/// <summary>
/// The commands that are clients of a running daemon's runtime API (docs/api.md): <c>status</c>,
/// <c>drain</c>, <c>enable</c>, <c>weight</c>, <c>failover</c>, <c>reload</c>, <c>events</c> and
/// <c>check</c>. Each finds the daemon the same way (<see cref="ApiEndpointOptions"/>) and prints
/// a failed call as one clear error (exit 1; <c>check</c> reports UNKNOWN instead).
/// </summary>
internal static class ApiCommands
{
    /// <param name="clock">The clock status uses for "since" and "up" durations.</param>
    public static IEnumerable<Command> Create(TimeProvider clock) =>
    [
        StatusCommand.Create(clock),
        ServerCommands.Create(ServerCommandKind.Drain),
        ServerCommands.Create(ServerCommandKind.Enable),
        ServerCommands.Create(ServerCommandKind.Weight),
        ControlCommands.CreateFailover(),
        ControlCommands.CreateReload(),
        EventsCommand.Create(),
        CheckCommand.Create(),
    ];

    /// <summary>
    /// Resolves the endpoint, runs <paramref name="call"/> with a client, and turns an
    /// <see cref="ApiException"/> into "fulcrum: message" (plus detail lines) on stderr and exit 1.
    /// </summary>
    public static async Task<int> RunAsync(
        ParseResult result, ApiEndpointOptions endpoint, Func<ApiClient, TextWriter, CancellationToken, Task<int>> call, CancellationToken cancellationToken)
    {
        TextWriter output = result.InvocationConfiguration.Output;
        TextWriter error = result.InvocationConfiguration.Error;
        try
        {
            using var client = new ApiClient(endpoint.Resolve(result), endpoint.GetTimeout(result));
            return await call(client, output, cancellationToken).ConfigureAwait(false);
        }
        catch (ApiException e)
        {
            await error.WriteLineAsync("fulcrum: " + e.Message).ConfigureAwait(false);
            foreach (string detail in e.Details)
            {
                await error.WriteLineAsync(detail).ConfigureAwait(false);
            }

            return ExitCodes.Failure;
        }
    }
}
