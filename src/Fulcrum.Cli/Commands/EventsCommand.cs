using System.CommandLine;
using System.Runtime.InteropServices;
using System.Text.Json;
using Fulcrum.Cli.Api;
using Fulcrum.Cli.Output;
using Fulcrum.Core.Status;

namespace Fulcrum.Cli.Commands;

/// <summary>
/// <c>fulcrum events [--follow] [--after SEQ] [--json]</c>: the daemon's recent events (VRRP
/// transitions, health changes, applies, reloads, operator writes), one per line; with
/// <c>--follow</c> it keeps long-polling <c>GET /v1/events?after=..&amp;wait=..</c> until Ctrl-C.
/// </summary>
internal static class EventsCommand
{
    /// <summary>Seconds each long poll asks the daemon to hold the call.</summary>
    public const int PollSeconds = 30;

    public static Command Create()
    {
        var endpoint = new ApiEndpointOptions();
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new events as they happen, until Ctrl-C." };
        var after = new Option<long>("--after") { Description = "Only events with a sequence number above this (default 0: all the daemon keeps)." };
        after.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<long>() < 0)
            {
                r.AddError("--after must be 0 or more");
            }
        });
        var json = new Option<bool>("--json") { Description = "One JSON object per event and line, in the API's shape." };
        var command = new Command(
            "events",
            "Print the daemon's recent events (it keeps the last 1,000), one per line; with --follow, keep printing new ones " +
            "until Ctrl-C. Any user may read. Exit 0 ok (also when stopped with Ctrl-C), 1 the daemon cannot be reached, 2 usage error.")
        {
            follow, after, json,
        };
        endpoint.AddTo(command);
        command.SetAction(async (result, ct) =>
        {
            // Ctrl-C (SIGINT) and SIGTERM end --follow cleanly: the handlers cancel the default
            // termination and the loop's token, and the command exits 0.
            using var stopping = CancellationTokenSource.CreateLinkedTokenSource(ct);
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
            return await ApiCommands.RunAsync(
                result,
                endpoint,
                (client, output, token) => RunAsync(client, output, result.GetValue(after), result.GetValue(follow), result.GetValue(json), token),
                stopping.Token).ConfigureAwait(false);

            void OnSignal(PosixSignalContext context)
            {
                context.Cancel = true;
                stopping.Cancel();
            }
        });
        return command;
    }

    public static async Task<int> RunAsync(ApiClient client, TextWriter output, long after, bool follow, bool json, CancellationToken cancellationToken)
    {
        try
        {
            do
            {
                EventPage page = await client.GetEventsAsync(after, follow ? PollSeconds : null, cancellationToken).ConfigureAwait(false);
                if (!json && after > 0 && page.Events.Count > 0 && page.Events[0].Seq > after + 1)
                {
                    await output.WriteLineAsync(EventLineFormatter.Gap(after, page.Events[0].Seq)).ConfigureAwait(false);
                }

                foreach (RuntimeEvent e in page.Events)
                {
                    await output.WriteLineAsync(json ? JsonSerializer.Serialize(e, StatusJson.Options) : EventLineFormatter.Format(e)).ConfigureAwait(false);
                }

                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                after = NextAfter(after, page);
            }
            while (follow);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C: a clean end.
        }
        catch (IOException)
        {
            // Whoever read the output went away (`fulcrum events -f | head`): nothing left to do.
        }

        return ExitCodes.Ok;
    }

    /// <summary>
    /// Where the next poll starts: after the last event received. <c>next</c> (docs/api.md) only
    /// matters when it went backwards — the daemon restarted and numbers from the start again.
    /// </summary>
    public static long NextAfter(long after, EventPage page)
    {
        if (page.Events.Count > 0)
        {
            return page.Events[^1].Seq;
        }

        return page.Next < after ? Math.Max(0, page.Next - 1) : after;
    }
}
