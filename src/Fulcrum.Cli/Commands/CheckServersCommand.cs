using System.CommandLine;
using System.Globalization;
using System.Text;
using Fulcrum.Cli.Output;
using Fulcrum.Core.Config;
using Fulcrum.Core.Health;
using Fulcrum.Health;
using Fulcrum.Health.Engine;
using Fulcrum.Health.Sockets;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fulcrum.Cli.Commands;

/// <summary>
/// <c>fulcrum check-servers FILE --node NAME [--once] [--json] [--netns NS]</c>: runs the health engine
/// alone, as node NAME would (probes leave from its private address), and prints each transition, or
/// with <c>--once</c> a table of every server once each has answered. Touches no kernel state.
/// </summary>
internal static class CheckServersCommand
{
    private static readonly string[] Headers = ["SERVICE", "SERVER", "CHECK", "STATUS", "WEIGHT", "REASON"];

    public static Command Create()
    {
        var target = new NodeArguments(nodeHelp: "The node to probe as: probes leave from its private address. " + NodeArguments.NodeHelp["The node this balancer is. ".Length..]);
        var once = new Option<bool>("--once")
        {
            Description = "Probe every server once (within one interval), print a table and exit: 0 when every service has its quorum, 1 otherwise.",
        };
        var json = new Option<bool>("--json") { Description = "Print JSON: the table with --once, else one object per transition and line." };
        var netns = new Option<string?>("--netns") { Description = "Open probe sockets in this network namespace (/run/netns/NAME); needs root." };
        var command = new Command(
            "check-servers",
            "Run the health checks of a configuration and show what they find, without touching the data plane. " +
            "Without --once, print transitions until interrupted. Exit 0 ok, 1 failure (invalid file, a service below quorum with --once), 2 usage error.")
        {
            once, json, netns,
        };
        target.AddTo(command);
        command.SetAction((ParseResult result, CancellationToken ct) => RunAsync(
            target.Path(result),
            target.NodeName(result),
            result.GetValue(once),
            result.GetValue(json),
            result.GetValue(netns),
            Console.Out,
            Console.Error,
            ct));
        return command;
    }

    public static async Task<int> RunAsync(
        string path, string? nodeOption, bool once, bool json, string? netns, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ConfigLoadResult loaded = ConfigLoader.Load(path);
        foreach (ConfigDiagnostic diagnostic in loaded.Diagnostics.Where(d => d.IsError))
        {
            await error.WriteLineAsync(diagnostic.ToString()).ConfigureAwait(false);
        }

        if (!loaded.Succeeded)
        {
            return ExitCodes.Failure;
        }

        if (NodeConfigLoader.Resolve(loaded.Config, path, nodeOption, netns, out string? unknown) is not { } nodeName)
        {
            await error.WriteLineAsync($"fulcrum: {unknown}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        NamespaceSocketFactory? sockets = null;
        try
        {
            sockets = netns is null ? null : new NamespaceSocketFactory(netns);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
        {
            await error.WriteLineAsync($"fulcrum: --netns {netns}: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        using (sockets)
        using (var meters = new ProcessMeterFactory())
        {
            var engine = new HealthEngine(new HealthChecker(sockets), new HealthMetrics(meters), NullLogger<HealthEngine>.Instance);
            await using (engine.ConfigureAwait(false))
            {
                var lines = new Lock();
                if (!once)
                {
                    engine.ServerHealthChanged += (_, change) =>
                    {
                        lock (lines)
                        {
                            output.WriteLine(json ? CliJson.SerializeLine(TransitionJson.Of(change)) : Transition(change));
                        }
                    };
                }

                NodeView view = loaded.Config.ForNode(nodeName);
                engine.Apply(view);
                if (!once)
                {
                    await output.WriteLineAsync($"checking {engine.Targets().Count} target(s) from {view.PrivateAddress} as {nodeName}; Ctrl-C stops").ConfigureAwait(false);
                    try
                    {
                        await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                    }

                    return ExitCodes.Ok;
                }

                await WaitForFirstResultsAsync(engine, cancellationToken).ConfigureAwait(false);
                IReadOnlyList<TargetHealth> targets = engine.Targets();
                IReadOnlyList<ServiceHealth> services = engine.Services();
                await output.WriteAsync(json
                    ? CliJson.Serialize(new TableJson(targets.Select(TargetJson.From).ToList(), services.Select(ServiceJson.From).ToList())) + Environment.NewLine
                    : Table(targets, services)).ConfigureAwait(false);
                return services.All(s => s.IsUp) ? ExitCodes.Ok : ExitCodes.Failure;
            }
        }
    }

    // Every first probe falls within one interval; the longest interval plus its timeout (and the
    // engine's grace for a stuck checker) bounds the wait.
    private static async Task WaitForFirstResultsAsync(HealthEngine engine, CancellationToken cancellationToken)
    {
        IReadOnlyList<TargetHealth> targets = engine.Targets();
        if (targets.Count == 0)
        {
            return;
        }

        TimeSpan bound = targets.Max(t => t.Target.Check.Interval + t.Target.Check.Timeout) + HealthEngine.StuckCheckerGrace;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(bound);
        try
        {
            while (engine.Targets().Any(t => t.Probes == 0))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), deadline.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The table shows the targets that have not answered as unknown.
        }
    }

    private static string Transition(ServerHealthChanged change)
    {
        HealthChange c = change.Change;
        string what = c.Previous == c.Current
            ? $"weight {Weight(c.PreviousWeight)} -> {Weight(c.Weight)}"
            : $"{Name(c.Previous)} -> {Name(c.Current)}";
        return string.Create(CultureInfo.InvariantCulture,
            $"{change.At:HH:mm:ss.fff}  {change.Target}  {what}  {c.Result.Reason}  [{string.Join(", ", change.Servers)}]");
    }

    private static string Table(IReadOnlyList<TargetHealth> targets, IReadOnlyList<ServiceHealth> services)
    {
        var rows = new List<string[]> { Headers };
        foreach (TargetHealth target in targets)
        {
            foreach (ServerKey server in target.Servers)
            {
                rows.Add([server.Service, server.Endpoint.ToString(), target.Target.ToString(), Name(target.Status),
                    target.InPool ? Weight(target.DynamicWeight) : "0", target.LastResult?.Reason ?? "no answer yet"]);
            }
        }

        var text = new StringBuilder();
        int[] widths = [.. Enumerable.Range(0, 6).Select(c => rows.Max(r => r[c].Length))];
        foreach (string[] row in rows.OrderBy(r => r == rows[0] ? 0 : 1).ThenBy(r => r[0], StringComparer.Ordinal))
        {
            text.AppendLine(string.Join("  ", row.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd());
        }

        text.AppendLine();
        foreach (ServiceHealth service in services)
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"service {service.Service}: {(service.IsUp ? "up" : "DOWN")} ({service.Usable} of {service.Total} usable, quorum {service.Quorum})"));
        }

        return text.ToString();
    }

    private static string Name(HealthStatus status) => status.ToString().ToLowerInvariant();

    private static string Weight(ushort? weight) => weight?.ToString(CultureInfo.InvariantCulture) ?? "configured";

    private sealed record TableJson(IReadOnlyList<TargetJson> Targets, IReadOnlyList<ServiceJson> Services);

    private sealed record TargetJson(string Check, string Address, int? Port, string Status, bool InPool, int? Weight, long Probes, string? Reason, IReadOnlyList<string> Servers)
    {
        public static TargetJson From(TargetHealth t) => new(
            t.Target.Kind, t.Target.Address.ToString(), t.Target.Port, Name(t.Status), t.InPool, t.DynamicWeight, t.Probes,
            t.LastResult?.Reason, [.. t.Servers.Select(s => s.ToString())]);
    }

    private sealed record ServiceJson(string Name, bool Up, int Usable, int Total, int Quorum)
    {
        public static ServiceJson From(ServiceHealth s) => new(s.Service, s.IsUp, s.Usable, s.Total, s.Quorum);
    }

    private sealed record TransitionJson(DateTimeOffset At, string Check, string Address, int? Port, string Was, string Now, int? Weight, string Reason, IReadOnlyList<string> Servers)
    {
        public static TransitionJson Of(ServerHealthChanged e) => new(
            e.At, e.Target.Kind, e.Target.Address.ToString(), e.Target.Port, Name(e.Change.Previous), Name(e.Change.Current),
            e.Change.Weight, e.Change.Result.Reason, [.. e.Servers.Select(s => s.ToString())]);
    }
}
