using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Fulcrum.Core.Config;
using Fulcrum.Core.Firewall;
using Fulcrum.Linux.Firewall;

namespace Fulcrum.Cli.Commands;

/// <summary>
/// The firewall half of <c>fulcrum apply</c> (with <c>--confirm DURATION</c> and <c>--force</c>),
/// <c>fulcrum confirm</c>, <c>fulcrum firewall show</c> and the hidden rollback watcher.
/// </summary>
internal static class FirewallCommands
{
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(10);

    /// <summary>The node's state directory: <c>STATE_DIR/NODE</c>.</summary>
    public static string NodeStateDir(NodeView view) => Path.Combine(view.Cluster.Global.StateDir, view.Self.Name);

    /// <summary>Refuses (returns a message) when the policy would cut the SSH session this runs from and <paramref name="force"/> is off.</summary>
    public static string? CheckSession(FirewallPolicy policy, bool force, string? sshConnection)
    {
        string? refusal = SshSessionCheck.Check(policy, sshConnection);
        return refusal is null || force ? null : $"refusing to apply: {refusal}. Nothing was changed; use --force to apply anyway.";
    }

    /// <summary>Applies the firewall (and host settings); with <paramref name="confirm"/>, as a trial rolled back unless confirmed.</summary>
    public static int Apply(NodeView view, FirewallPolicy policy, string? netns, TimeSpan? confirm, TextWriter output, TextWriter errors)
    {
        foreach (HostSetting setting in HostSettings.Apply(policy, netns))
        {
            if (!setting.Ok)
            {
                errors.WriteLine($"fulcrum apply: warning: {setting.Name}: {setting.Message}");
            }
        }

        FirewallRuleset ruleset = FirewallRenderer.Render(policy);
        string stateDir = NodeStateDir(view);
        // The daemon's record of the rules it applied no longer tells what the kernel holds.
        string daemonRecord = Path.Combine(stateDir, Daemon.Hosting.FirewallService.AppliedFileName);
        if (File.Exists(daemonRecord))
        {
            File.Delete(daemonRecord);
        }

        try
        {
            using var firewall = NftFirewall.Open(netns);
            if (confirm is not { } window)
            {
                using (FirewallTrialRecord.Lock(stateDir, LockWait))
                {
                    firewall.Apply(ruleset);
                }

                output.WriteLine($"Firewall applied: table inet {NftFirewall.Table}, {ruleset.Chains.Sum(c => c.Rules.Count)} rules, hash {ruleset.Hash()}.");
                return ExitCodes.Ok;
            }

            string recordPath = FirewallTrialRecord.PathIn(stateDir);
            FirewallTrialRecord record;
            using (FirewallTrialRecord.Lock(stateDir, LockWait))
            {
                if (FirewallTrialRecord.Read(recordPath) is { } pending)
                {
                    errors.WriteLine($"fulcrum apply: a trial is already pending (until {pending.Deadline:u}); run 'fulcrum confirm' or wait for it to roll back. Nothing was changed.");
                    return ExitCodes.Failure;
                }

                bool previous = firewall.BeginTrial(ruleset);
                record = new FirewallTrialRecord(Guid.NewGuid().ToString("n"), DateTimeOffset.UtcNow + window, previous, netns, ruleset.Hash(), null);
                record.Write(recordPath);
            }

            int? pid = StartWatcher(stateDir, record.Id);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Firewall applied on trial: it rolls back at {record.Deadline:u} (in {window.TotalSeconds:0.#}s) unless 'fulcrum confirm' follows; watcher pid {pid?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}."));
            return ExitCodes.Ok;
        }
        catch (FirewallException failure)
        {
            errors.WriteLine($"fulcrum apply: {failure.Message}");
            return ExitCodes.Failure;
        }
    }

    /// <summary>Reads a <c>--confirm</c> window: <c>90s</c>, <c>5m</c>, <c>1h</c>, <c>500ms</c> (at most a day).</summary>
    public static bool TryParseWindow(string text, out TimeSpan window)
    {
        window = default;
        (string Unit, double Seconds)[] units = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)];
        foreach ((string unit, double seconds) in units)
        {
            if (text.EndsWith(unit, StringComparison.Ordinal)
                && double.TryParse(text[..^unit.Length], NumberStyles.None | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double count)
                && count > 0)
            {
                window = TimeSpan.FromSeconds(count * seconds);
                return window <= TimeSpan.FromDays(1);
            }
        }

        return false;
    }

    public static Command CreateConfirm()
    {
        var target = new NodeArguments("The cluster configuration file (YAML) the trial was applied from.");
        var netns = new Option<string?>("--netns") { Description = "The network namespace the trial was applied in." };
        var command = new Command("confirm", "Keep the firewall rules applied with 'apply --confirm' (stops the rollback).") { netns };
        target.AddTo(command);
        command.SetAction(result => Confirm(target.Path(result), target.NodeName(result), result.GetValue(netns), Console.Out, Console.Error));
        return command;
    }

    public static Command CreateShow()
    {
        var target = new NodeArguments();
        var counters = new Option<bool>("--counters") { Description = "Also print the packets each counting rule of the kernel's table has seen (needs root)." };
        var netns = new Option<string?>("--netns") { Description = "With --counters: the network namespace the firewall is in." };
        var show = new Command("show", "Print the firewall table FILE gives this node (nothing is changed); with --counters, the kernel's counters too.") { counters, netns };
        target.AddTo(show);
        show.SetAction(result =>
        {
            var view = NodeConfigLoader.Load(target.Path(result), target.NodeName(result), Console.Error, result.GetValue(netns));
            if (view is null)
            {
                return ExitCodes.Failure;
            }

            foreach (string line in FirewallRenderer.Render(FirewallPolicyBuilder.Build(view)).Lines())
            {
                Console.Out.WriteLine(line);
            }

            return result.GetValue(counters) ? PrintCounters(result.GetValue(netns), Console.Out, Console.Error) : ExitCodes.Ok;
        });

        var stateDir = new Option<string>("--state-dir") { Required = true };
        var id = new Option<string>("--id") { Required = true };
        var watch = new Command("watch", "Internal: the rollback watcher 'apply --confirm' starts.") { stateDir, id };
        watch.Hidden = true;
        watch.SetAction(result => Watch(result.GetRequiredValue(stateDir), result.GetRequiredValue(id)));
        return new Command("firewall", "The gateway firewall.") { show, watch };
    }

    /// <summary>
    /// The kernel's counters of Fulcrum's firewall table, <c>chain/comment packets</c> a line. Dropped
    /// packets are counted even where the rate-limited log prints nothing (inside a network namespace
    /// the kernel log is silent unless the host sets net.netfilter.nf_log_all_netns=1).
    /// </summary>
    private static int PrintCounters(string? netns, TextWriter output, TextWriter errors)
    {
        try
        {
            using var firewall = NftFirewall.Open(netns);
            if (!firewall.TableExists(NftFirewall.Table))
            {
                errors.WriteLine($"fulcrum firewall show: table inet {NftFirewall.Table} is not in the kernel{(netns is null ? string.Empty : $" (namespace {netns})")}; no counters to show");
                return ExitCodes.Failure;
            }

            IReadOnlyDictionary<string, ulong> read = firewall.ReadCountersAsync(CancellationToken.None).GetAwaiter().GetResult();
            output.WriteLine();
            output.WriteLine($"counters (packets, table inet {(firewall.TableExists(NftFirewall.TrialTable) ? NftFirewall.TrialTable : NftFirewall.Table)}):");
            int width = read.Keys.Select(k => k.Length).DefaultIfEmpty(0).Max();
            foreach ((string key, ulong packets) in read)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {key.PadRight(width)}  {packets}"));
            }

            return ExitCodes.Ok;
        }
        catch (Exception failure) when (failure is FirewallException or Linux.Netlink.NetlinkException or UnauthorizedAccessException or IOException)
        {
            errors.WriteLine($"fulcrum firewall show: reading the counters failed: {failure.Message}");
            return ExitCodes.Failure;
        }
    }

    private static int Confirm(string path, string? nodeName, string? netns, TextWriter output, TextWriter errors)
    {
        var view = NodeConfigLoader.Load(path, nodeName, errors, netns);
        if (view is null)
        {
            return ExitCodes.Failure;
        }

        string stateDir = NodeStateDir(view);
        using (FirewallTrialRecord.Lock(stateDir, LockWait))
        {
            string recordPath = FirewallTrialRecord.PathIn(stateDir);
            if (FirewallTrialRecord.Read(recordPath) is not { } record)
            {
                errors.WriteLine("fulcrum confirm: no trial is pending (it was confirmed, or it already rolled back).");
                return ExitCodes.Failure;
            }

            FirewallRuleset ruleset = FirewallRenderer.Render(FirewallPolicyBuilder.Build(view));
            if (ruleset.Hash() != record.RulesHash)
            {
                errors.WriteLine($"fulcrum confirm: {path} no longer gives the rules on trial (hash {ruleset.Hash()}, trial {record.RulesHash}); nothing was changed and the trial still rolls back at {record.Deadline:u}.");
                return ExitCodes.Failure;
            }

            try
            {
                using var firewall = NftFirewall.Open(netns ?? record.Netns);
                firewall.Confirm(ruleset, record.PreviousExisted);
            }
            catch (FirewallException failure)
            {
                errors.WriteLine($"fulcrum confirm: {failure.Message}");
                return ExitCodes.Failure;
            }

            File.Delete(recordPath);
        }

        output.WriteLine("Firewall confirmed: the rules on trial are now in force; the rollback is cancelled.");
        return ExitCodes.Ok;
    }

    /// <summary>The watcher: waits for the deadline; rolls back unless the record was removed (confirmed) first.</summary>
    private static int Watch(string stateDir, string id)
    {
        string recordPath = FirewallTrialRecord.PathIn(stateDir);
        using (FirewallTrialRecord.Lock(stateDir, LockWait))
        {
            if (FirewallTrialRecord.Read(recordPath) is not { } mine || mine.Id != id)
            {
                return ExitCodes.Ok;
            }

            (mine with { WatcherPid = Environment.ProcessId }).Write(recordPath);
        }

        while (true)
        {
            var record = FirewallTrialRecord.Read(recordPath);
            if (record is null || record.Id != id)
            {
                Console.Out.WriteLine($"{DateTimeOffset.UtcNow:u} trial {id} confirmed; watcher exits");
                return ExitCodes.Ok;
            }

            TimeSpan left = record.Deadline - DateTimeOffset.UtcNow;
            if (left > TimeSpan.Zero)
            {
                Thread.Sleep(left < TimeSpan.FromMilliseconds(100) ? left : TimeSpan.FromMilliseconds(100));
                continue;
            }

            using (FirewallTrialRecord.Lock(stateDir, LockWait))
            {
                record = FirewallTrialRecord.Read(recordPath);
                if (record is null || record.Id != id)
                {
                    continue;
                }

                try
                {
                    using var firewall = NftFirewall.Open(record.Netns);
                    firewall.RollBack(record.PreviousExisted);
                }
                catch (FirewallException failure)
                {
                    Console.Error.WriteLine($"{DateTimeOffset.UtcNow:u} trial {id}: rollback failed: {failure.Message}");
                    return ExitCodes.Failure;
                }

                File.Delete(recordPath);
                Console.Out.WriteLine($"{DateTimeOffset.UtcNow:u} trial {id} not confirmed: rolled back to the previous rules");
                return ExitCodes.Ok;
            }
        }
    }

    /// <summary>Starts the watcher in its own session (setsid), detached from this terminal and its pipes; returns its pid once it recorded it.</summary>
    private static int? StartWatcher(string stateDir, string id)
    {
        string self = Environment.ProcessPath ?? "dotnet";
        var command = new List<string> { self };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            command.Add(Assembly.GetEntryAssembly()!.Location);
        }

        command.AddRange(["firewall", "watch", "--state-dir", stateDir, "--id", id]);
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec setsid -f \"$@\" </dev/null >>\"$FULCRUM_WATCH_LOG\" 2>&1");
        start.ArgumentList.Add("sh");
        foreach (string part in command)
        {
            start.ArgumentList.Add(part);
        }

        start.Environment["FULCRUM_WATCH_LOG"] = Path.Combine(stateDir, "firewall-watch.log");
        using (var launcher = Process.Start(start)!)
        {
            launcher.WaitForExit();
        }

        var until = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        string recordPath = FirewallTrialRecord.PathIn(stateDir);
        while (DateTime.UtcNow < until)
        {
            if (FirewallTrialRecord.Read(recordPath) is { WatcherPid: { } pid } record && record.Id == id)
            {
                return pid;
            }

            Thread.Sleep(20);
        }

        return null;
    }
}
