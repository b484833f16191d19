using System.CommandLine;
using Fulcrum.Daemon.Hosting;

namespace Fulcrum.Cli.Commands;

/// <summary>
/// <c>fulcrum run [FILE] [--node NAME] [--netns NS]</c>: the daemon — data plane, health checks and VRRP
/// in one process, the runtime API on <c>&lt;state_dir&gt;/&lt;node&gt;/api.sock</c> — until SIGTERM/SIGINT;
/// SIGHUP reloads FILE.
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var target = new NodeArguments();
        var netns = new Option<string?>("--netns") { Description = "Run the data plane, health checks and VRRP inside this network namespace (ip netns) instead of the current one." };
        var stateDir = new Option<string?>("--state-dir") { Description = "Use this directory instead of global.state_dir (the node's files go in DIR/NODE/)." };
        var apiListen = new Option<string?>("--api-listen") { Description = "Also serve the runtime API on this TCP address (ADDR:PORT, an admin address only); every request needs the token." };
        var apiToken = new Option<string?>("--api-token-file") { Description = "The file whose first line is the bearer token for --api-listen (at least 16 characters)." };
        var command = new Command(
            "run",
            "Run the balancer daemon for one node: data plane, health checks, VRRP and the runtime API " +
            "(<state_dir>/<node>/api.sock). SIGHUP reloads FILE; SIGTERM/SIGINT stop gracefully (VRRP resigns, " +
            "the data plane stays in the kernel). Needs root.")
        {
            netns, stateDir, apiListen, apiToken,
        };
        target.AddTo(command);
        command.SetAction(async (ParseResult result, CancellationToken ct) =>
        {
            System.Net.IPEndPoint? tcp = null;
            if (result.GetValue(apiListen) is { } listen && (!System.Net.IPEndPoint.TryParse(listen, out tcp) || tcp.Port == 0))
            {
                await Console.Error.WriteLineAsync($"fulcrum run: --api-listen {listen}: expected ADDRESS:PORT");
                return ExitCodes.Usage;
            }

            string path = target.Path(result);
            string? node = target.NodeName(result);
            if (node is null)
            {
                // Which node this host is (the daemon loads and checks the file again, as on every start).
                var loaded = Core.Config.ConfigLoader.Load(path);
                if (!loaded.Succeeded)
                {
                    foreach (var diagnostic in loaded.Diagnostics)
                    {
                        await Console.Error.WriteLineAsync(diagnostic.ToString());
                    }

                    await Console.Error.WriteLineAsync($"fulcrum run: {path} is invalid; nothing was started");
                    return ExitCodes.Failure;
                }

                node = NodeConfigLoader.Resolve(loaded.Config, path, null, result.GetValue(netns), out string? error);
                if (node is null)
                {
                    await Console.Error.WriteLineAsync($"fulcrum run: {error}; nothing was started");
                    return ExitCodes.Failure;
                }
            }

            return await DaemonHost.RunAsync(
                new DaemonOptions(path, node, result.GetValue(netns), result.GetValue(stateDir), tcp, result.GetValue(apiToken)),
                Console.Error,
                ct);
        });
        return command;
    }
}
