using System.CommandLine;
using Fulcrum.Cli.Api;
using Fulcrum.Cli.Output;
using Fulcrum.Core.Status;

namespace Fulcrum.Cli.Commands;

/// <summary>
/// <c>fulcrum check</c>: a Nagios/Icinga plugin over the runtime API. Prints one line
/// <c>FULCRUM OK|WARNING|CRITICAL|UNKNOWN - text | perfdata</c> and exits 0/1/2/3 (see
/// <see cref="NagiosCheck"/>); a daemon that cannot be reached, and bad arguments, are UNKNOWN.
/// </summary>
internal static class CheckCommand
{
    public const string Name = "check";

    public static Command Create()
    {
        var endpoint = new ApiEndpointOptions();
        var service = new Option<string[]>("--service")
        {
            Description = "Check only this service (repeatable); an unknown name is UNKNOWN. HA and firewall are always checked.",
        };
        var expect = new Option<string>("--expect-state")
        {
            Description = "The sync-group state this node should be in: any (default), master or backup; otherwise WARNING.",
            DefaultValueFactory = _ => "any",
        };
        expect.AcceptOnlyFromAmong("any", "master", "backup");
        var warning = new Option<double>("--warning")
        {
            Description = "WARNING when a service has fewer than this fraction (0..1) of its real servers usable (up and weight > 0). " +
                          "Default 1: any server down, unknown or drained warns.",
            DefaultValueFactory = _ => 1.0,
        };
        var critical = new Option<double?>("--critical")
        {
            Description = "CRITICAL when a service has fewer than this fraction (0..1) usable. A service below its quorum is always CRITICAL.",
        };
        warning.Validators.Add(r => Fraction(r, r.GetValueOrDefault<double>(), "--warning"));
        critical.Validators.Add(r => Fraction(r, r.GetValueOrDefault<double?>(), "--critical"));
        var command = new Command(
            Name,
            "Nagios/Icinga plugin: one line 'FULCRUM STATE - text | perfdata' and exit 0 OK, 1 WARNING (a server down or " +
            "drained, an unexpected HA state), 2 CRITICAL (a service below quorum, HA in fault, firewall not applied), " +
            "3 UNKNOWN (the daemon cannot be reached, bad arguments). Perfdata per service: healthy and usable servers, " +
            "active connections, packets and bytes per second.")
        {
            service, expect, warning, critical,
        };
        endpoint.AddTo(command);
        command.SetAction(async (result, ct) =>
        {
            var options = new NagiosCheckOptions(
                result.GetValue(service) ?? [], result.GetRequiredValue(expect), result.GetValue(warning), result.GetValue(critical));
            CheckOutcome outcome = await RunAsync(() => endpoint.Resolve(result), endpoint.GetTimeout(result), options, ct).ConfigureAwait(false);
            await result.InvocationConfiguration.Output.WriteLineAsync(outcome.Line).ConfigureAwait(false);
            return outcome.ExitCode;
        });
        return command;
    }

    public static async Task<CheckOutcome> RunAsync(Func<ApiEndpoint> endpoint, TimeSpan timeout, NagiosCheckOptions options, CancellationToken cancellationToken)
    {
        try
        {
            using var client = new ApiClient(endpoint(), timeout);
            StatusSnapshot status = await client.GetStatusAsync(cancellationToken).ConfigureAwait(false);
            return NagiosCheck.Evaluate(status, options);
        }
        catch (ApiException e)
        {
            return NagiosCheck.Unknown(e.Message);
        }
        catch (OperationCanceledException)
        {
            return NagiosCheck.Unknown("interrupted");
        }
    }

    /// <summary>
    /// For a command line that did not parse: when it was <c>check</c>, the UNKNOWN outcome a
    /// monitoring system expects (exit 3, not the usual 2, which would read as CRITICAL); else null.
    /// </summary>
    public static CheckOutcome? UsageOutcome(ParseResult parsed) =>
        parsed.CommandResult.Command.Name == Name && parsed.Errors.Count > 0
            ? NagiosCheck.Unknown("usage: " + string.Join("; ", parsed.Errors.Select(e => e.Message)))
            : null;

    private static void Fraction(System.CommandLine.Parsing.OptionResult result, double? value, string name)
    {
        if (value is { } v && !(v is >= 0 and <= 1))
        {
            result.AddError($"{name} {v}: must be a fraction from 0 to 1 (e.g. 0.5)");
        }
    }
}
