using System.CommandLine;
using Fulcrum.Cli;
using Fulcrum.Cli.Commands;
using Fulcrum.Linux.DataPlane;

var root = new RootCommand(
    "Fulcrum: a highly available layer-4 load balancer and gateway firewall for Linux.\n" +
    "Exit codes: 0 success, 1 failure (invalid config, failed operation), 2 usage error.");
root.Subcommands.Add(ValidateCommand.Create());
root.Subcommands.Add(LabCommand.Create());
root.Subcommands.Add(CheckServersCommand.Create());
root.Subcommands.Add(DataPlaneCommands.CreatePlan(netns => NftDataPlane.Open(netns)));
root.Subcommands.Add(DataPlaneCommands.CreateApply(netns => NftDataPlane.Open(netns)));
root.Subcommands.Add(FirewallCommands.CreateConfirm());
root.Subcommands.Add(FirewallCommands.CreateShow());
root.Subcommands.Add(VrrpCommand.Create());
root.Subcommands.Add(RunCommand.Create());
foreach (var apiCommand in ApiCommands.Create(TimeProvider.System))
{
    root.Subcommands.Add(apiCommand);
}

ParseResult parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    if (CheckCommand.UsageOutcome(parsed) is { } unknown)
    {
        // A monitoring plugin: bad arguments are UNKNOWN (3), on stdout, not a usage error (2 = CRITICAL).
        Console.WriteLine(unknown.Line);
        return unknown.ExitCode;
    }

    foreach (var error in parsed.Errors)
    {
        await Console.Error.WriteLineAsync($"fulcrum: {error.Message}");
    }

    await Console.Error.WriteLineAsync("Try 'fulcrum --help'.");
    return ExitCodes.Usage;
}

return await parsed.InvokeAsync();
