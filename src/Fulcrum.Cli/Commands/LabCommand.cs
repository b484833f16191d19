using System.CommandLine;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Fulcrum.Cli.Output;
using Fulcrum.Lab;

namespace Fulcrum.Cli.Commands;

/// <summary>
/// <c>fulcrum lab up|down|status</c>: the seed topology (client, two balancers, real servers running
/// nginx) in network namespaces, for trying Fulcrum out and for the integration tests.
/// </summary>
internal static class LabCommand
{
    public static Command Create()
    {
        var command = new Command(
            "lab",
            "Build, inspect or remove the lab: the seed topology in network namespaces " +
            "(client, lb1, lb2, real servers running nginx, a switch with public and private bridges). Needs root.");
        command.Subcommands.Add(CreateUp());
        command.Subcommands.Add(CreateDown());
        command.Subcommands.Add(CreateStatus());
        return command;
    }

    private static Command CreateUp()
    {
        var prefix = PrefixOption();
        var servers = new Option<int>("--servers")
        {
            Description = $"Number of real servers (1 to {LabTopology.MaxServers}).",
            DefaultValueFactory = _ => LabTopology.DefaultServers,
        };
        servers.Validators.Add(result =>
        {
            var count = result.GetValueOrDefault<int>();
            if (count is < 1 or > LabTopology.MaxServers)
            {
                result.AddError($"--servers must be 1 to {LabTopology.MaxServers}, not {count}.");
            }
        });
        var json = JsonOption("Print the lab as JSON once it is up.");
        var command = new Command("up", "Build the lab, removing leftovers of an earlier run with the same prefix first.")
        {
            prefix, servers, json,
        };
        command.SetAction(async (ParseResult result, CancellationToken ct) =>
        {
            var topology = LabTopology.Create(result.GetRequiredValue(prefix), result.GetValue(servers));
            return await RunAsync(LabPrerequisites.CheckForUp(), async () =>
            {
                var lab = NetworkLab.Create(topology);
                var stopwatch = Stopwatch.StartNew();
                await lab.UpAsync(ct);
                var elapsed = stopwatch.Elapsed;
                var status = await lab.StatusAsync(ct);
                if (!result.GetValue(json))
                {
                    Console.Out.Write(LabStatusTable.Format(status));
                    Console.Out.WriteLine();
                    Console.Out.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"Lab {topology.Prefix} is up ({elapsed.TotalSeconds:0.00} s). Try: ip netns exec {topology.Client.Namespace} ping -c1 {topology.Balancers[0].AddressOn(LabNetwork.Public)}"));
                }
                else
                {
                    Console.Out.WriteLine(CliJson.Serialize(status));
                }
            });
        });
        return command;
    }

    private static Command CreateDown()
    {
        var prefix = PrefixOption();
        var command = new Command("down", "Remove the lab: its processes, namespaces and state. Succeeds when nothing exists.")
        {
            prefix,
        };
        command.SetAction(async (ParseResult result, CancellationToken ct) =>
        {
            var lab = NetworkLab.Create(LabTopology.Create(result.GetRequiredValue(prefix)));
            return await RunAsync(LabPrerequisites.CheckForDownOrStatus(), async () =>
            {
                await lab.DownAsync(ct);
                Console.Out.WriteLine($"Lab {lab.Topology.Prefix} is down.");
            });
        });
        return command;
    }

    private static Command CreateStatus()
    {
        var prefix = PrefixOption();
        var json = JsonOption("Print the status as JSON.");
        var command = new Command("status", "Show what exists of the lab: namespaces, interfaces, addresses, nginx processes.")
        {
            prefix, json,
        };
        command.SetAction(async (ParseResult result, CancellationToken ct) =>
        {
            var lab = NetworkLab.Create(LabTopology.Create(result.GetRequiredValue(prefix)));
            return await RunAsync(LabPrerequisites.CheckForDownOrStatus(), async () =>
            {
                var status = await lab.StatusAsync(ct);
                Console.Out.Write(result.GetValue(json) ? CliJson.Serialize(status) + Environment.NewLine : LabStatusTable.Format(status));
            });
        });
        return command;
    }

    private static Option<string> PrefixOption()
    {
        var prefix = new Option<string>("--prefix")
        {
            Description = "Name prefix of every namespace of the lab, so several labs can coexist (e.g. ft1-).",
            DefaultValueFactory = _ => LabTopology.DefaultPrefix,
        };
        prefix.Validators.Add(result =>
        {
            foreach (var error in LabTopology.Validate(result.GetValueOrDefault<string>() ?? "", LabTopology.DefaultServers))
            {
                result.AddError(error);
            }
        });
        return prefix;
    }

    private static Option<bool> JsonOption(string description) => new("--json") { Description = description };

    /// <summary>Refuses when prerequisites are missing; turns lab failures into a message on stderr and exit 1.</summary>
    private static async Task<int> RunAsync(IReadOnlyList<string> problems, Func<Task> action)
    {
        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                await Console.Error.WriteLineAsync($"fulcrum lab: {problem}");
            }

            return ExitCodes.Failure;
        }

        try
        {
            await action();
            return ExitCodes.Ok;
        }
        catch (Exception e) when (e is LabException or CommandFailedException or IOException or UnauthorizedAccessException or Win32Exception)
        {
            await Console.Error.WriteLineAsync($"fulcrum lab: {e.Message}");
            return ExitCodes.Failure;
        }
    }
}
