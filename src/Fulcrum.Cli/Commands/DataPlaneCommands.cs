using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Fulcrum.Cli.Output;
using Fulcrum.Core.DataPlane;

namespace Fulcrum.Cli.Commands;

/// <summary>
/// <c>fulcrum plan FILE --node NAME</c> prints the kernel changes that would bring the data plane
/// to what FILE describes; <c>fulcrum apply</c> makes them in one transaction. Neither touches
/// addresses (the VIPs belong to VRRP).
/// </summary>
internal static class DataPlaneCommands
{
    public static Command CreatePlan(Func<string?, IDataPlane> engine) => Create(
        "plan",
        "Print the kernel changes that would make the data plane match FILE (nothing is changed).",
        engine,
        apply: false);

    public static Command CreateApply(Func<string?, IDataPlane> engine) => Create(
        "apply",
        "Change the data plane, then the gateway firewall, to match FILE, each as one atomic transaction; a rejected change leaves it as it was.",
        engine,
        apply: true);

    private static Command Create(string name, string description, Func<string?, IDataPlane> engine, bool apply)
    {
        var target = new NodeArguments();
        var json = new Option<bool>("--json") { Description = "Print the result as JSON." };
        var netns = new Option<string?>("--netns") { Description = "Work on the data plane of this network namespace (ip netns) instead of the current one." };
        var command = new Command(name, description) { json, netns };
        target.AddTo(command);
        if (!apply)
        {
            command.SetAction((result, ct) => RunAsync(
                target.Path(result),
                target.NodeName(result),
                result.GetValue(json),
                apply,
                () => engine(result.GetValue(netns)),
                Console.Out,
                Console.Error,
                ct,
                result.GetValue(netns)));
            return command;
        }

        var confirm = new Option<string?>("--confirm") { Description = "Apply the firewall on trial: it rolls back by itself after this long (e.g. 60s) unless 'fulcrum confirm' follows." };
        var force = new Option<bool>("--force") { Description = "Apply even a firewall that would cut the SSH session this runs from." };
        command.Options.Add(confirm);
        command.Options.Add(force);
        command.SetAction(async (result, ct) =>
        {
            string path = target.Path(result);
            string? nodeName = target.NodeName(result);
            TimeSpan? window = null;
            if (result.GetValue(confirm) is { } text)
            {
                if (!FirewallCommands.TryParseWindow(text, out TimeSpan parsed))
                {
                    await Console.Error.WriteLineAsync($"fulcrum apply: --confirm '{text}' is not a duration like 60s, 5m or 500ms (at most 24h)").ConfigureAwait(false);
                    return ExitCodes.Usage;
                }

                window = parsed;
            }

            var view = NodeConfigLoader.Load(path, nodeName, TextWriter.Null, result.GetValue(netns));
            if (view is not null)
            {
                var policy = Core.Firewall.FirewallPolicyBuilder.Build(view);
                if (FirewallCommands.CheckSession(policy, result.GetValue(force), Environment.GetEnvironmentVariable("SSH_CONNECTION")) is { } refusal)
                {
                    await Console.Error.WriteLineAsync($"fulcrum apply: {refusal}").ConfigureAwait(false);
                    return ExitCodes.Failure;
                }
            }

            int exit = await RunAsync(path, nodeName, result.GetValue(json), apply: true, () => engine(result.GetValue(netns)), Console.Out, Console.Error, ct, result.GetValue(netns)).ConfigureAwait(false);
            return exit != ExitCodes.Ok || view is null
                ? exit
                : FirewallCommands.Apply(view, Core.Firewall.FirewallPolicyBuilder.Build(view), result.GetValue(netns), window, Console.Out, Console.Error);
        });
        return command;
    }

    /// <summary>Plans (and with <paramref name="apply"/>, applies); returns the exit code.</summary>
    public static async Task<int> RunAsync(
        string path, string? nodeName, bool json, bool apply, Func<IDataPlane> engineFactory,
        TextWriter output, TextWriter errors, CancellationToken cancellationToken, string? networkNamespace = null)
    {
        var view = NodeConfigLoader.Load(path, nodeName, errors, networkNamespace);
        if (view is null)
        {
            return ExitCodes.Failure;
        }

        var desired = DesiredStateBuilder.Build(view.Cluster);
        IDataPlane? engine = null;
        try
        {
            engine = engineFactory();
            var current = await engine.ReadAsync(cancellationToken).ConfigureAwait(false);
            var plan = DataPlanePlanner.Plan(current, desired);
            var kernelChanges = engine.Describe(plan);
            double? appliedMs = null;
            if (apply && !plan.IsEmpty)
            {
                var stopwatch = Stopwatch.StartNew();
                await engine.ApplyAsync(plan, cancellationToken).ConfigureAwait(false);
                appliedMs = stopwatch.Elapsed.TotalMilliseconds;
            }

            Report(output, json, apply, plan, kernelChanges, appliedMs);
            return ExitCodes.Ok;
        }
        catch (DataPlanePartlyAppliedException failure)
        {
            errors.WriteLine($"fulcrum apply: {failure.Message}");
            return ExitCodes.Failure;
        }
        catch (DataPlaneException failure)
        {
            errors.WriteLine($"fulcrum {(apply ? "apply" : "plan")}: {failure.Message}");
            if (apply)
            {
                errors.WriteLine("nothing was changed: the data plane is as it was before");
            }

            return ExitCodes.Failure;
        }
        finally
        {
            (engine as IDisposable)?.Dispose();
        }
    }

    private static void Report(
        TextWriter output, bool json, bool apply, DataPlanePlan plan, IReadOnlyList<string> kernelChanges, double? appliedMs)
    {
        if (json)
        {
            output.WriteLine(CliJson.Serialize(new PlanReport(
                apply && appliedMs is not null,
                plan.Operations.Select(o => o.ToString()).ToList(),
                kernelChanges,
                appliedMs)));
            return;
        }

        if (plan.IsEmpty)
        {
            output.WriteLine("The data plane already matches the configuration: nothing to change.");
            return;
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{plan.Operations.Count} change(s):"));
        foreach (var operation in plan.Operations)
        {
            output.WriteLine($"  {operation}");
        }

        output.WriteLine("Kernel changes:");
        foreach (var line in kernelChanges)
        {
            output.WriteLine($"  {line}");
        }

        if (appliedMs is { } ms)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Applied in one transaction ({ms:0.0} ms)."));
        }
        else if (!apply)
        {
            output.WriteLine("Nothing was changed (plan only). Run 'fulcrum apply' with the same arguments to make these changes.");
        }
    }

    private sealed record PlanReport(bool Applied, IReadOnlyList<string> Operations, IReadOnlyList<string> KernelChanges, double? AppliedMs);
}
