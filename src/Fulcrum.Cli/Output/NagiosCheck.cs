using System.Globalization;
using System.Text;
using Fulcrum.Core.Conntrack;
using Fulcrum.Core.Status;

namespace Fulcrum.Cli.Output;

/// <summary>
/// <c>fulcrum check</c>'s verdict on a status snapshot, as a Nagios/Icinga plugin reports it: one
/// line <c>FULCRUM STATE - text | perfdata</c> and the exit code (0 OK, 1 WARNING, 2 CRITICAL,
/// 3 UNKNOWN). CRITICAL: a service below quorum, the sync group in fault, the firewall not applied,
/// fewer usable servers than <c>--critical</c>, the conntrack table at least 95 % full. WARNING:
/// fewer usable servers than <c>--warning</c> (by default any server down, unknown or drained), the
/// sync group not in the expected state or still initializing, an instance out of step with its
/// group, the conntrack table at least 80 % full. Pure: no I/O.
/// </summary>
internal static class NagiosCheck
{
    private const int MaxProblemsShown = 4;

    /// <summary>The outcome when there is no snapshot to judge (daemon unreachable, bad arguments).</summary>
    public static CheckOutcome Unknown(string reason) => new(NagiosStatus.Unknown, "FULCRUM UNKNOWN - " + OneLine(reason));

    public static CheckOutcome Evaluate(StatusSnapshot status, NagiosCheckOptions options)
    {
        var missing = options.Services.Where(name => status.Services.All(s => s.Name != name)).ToList();
        if (missing.Count > 0)
        {
            string known = status.Services.Count == 0 ? "none" : string.Join(", ", status.Services.Select(s => s.Name));
            return Unknown($"no service {string.Join(", ", missing)} on {status.Node} (services: {known})");
        }

        if (status.Ha is null && options.ExpectState != "any")
        {
            return Unknown($"--expect-state {options.ExpectState}, but {status.Node} runs no VRRP");
        }

        var problems = new List<(NagiosStatus Level, string Text)>();
        JudgeHa(status, options, problems);
        if (status.Firewall is { Applied: false })
        {
            problems.Add((NagiosStatus.Critical, "firewall NOT APPLIED"));
        }

        var perf = new List<string>();

        var services = options.Services.Count == 0
            ? status.Services
            : [.. status.Services.Where(s => options.Services.Contains(s.Name))];
        int usableTotal = 0, serverTotal = 0, upServices = 0;
        foreach (ServiceStatus service in services)
        {
            int total = Configured(service).Count;
            int usable = Configured(service).Count(Usable);
            usableTotal += usable;
            serverTotal += total;
            upServices += service.Up ? 1 : 0;
            int warnMin = MinimumOf(options.Warning, total);
            int? critMin = options.Critical is { } c ? MinimumOf(c, total) : null;
            JudgeService(service, usable, warnMin, critMin, problems);
            perf.Add(Perf($"{service.Name}_healthy", service.Healthy, "", "", Inv($"{service.Quorum}:"), 0, total));
            perf.Add(Perf($"{service.Name}_usable", usable, "", Inv($"{warnMin}:"), critMin is { } cm ? Inv($"{cm}:") : "", 0, total));
            perf.Add(Perf($"{service.Name}_conns", service.Traffic.ActiveConnections, "", "", "", 0, null));
            perf.Add(Perf($"{service.Name}_pps", service.Traffic.PacketsPerSecond, "", "", "", 0, null));
            perf.Add(Perf($"{service.Name}_bps", service.Traffic.BytesPerSecond, "B", "", "", 0, null));
        }

        if (status.Conntrack is { } conntrack)
        {
            JudgeConntrack(conntrack, problems, perf);
        }

        NagiosStatus worst = problems.Count == 0 ? NagiosStatus.Ok : problems.Max(p => p.Level);
        var text = new StringBuilder();
        var shown = problems.OrderByDescending(p => p.Level).Select(p => p.Text).ToList();
        if (shown.Count > 0)
        {
            text.AppendJoin(", ", shown.Take(MaxProblemsShown));
            if (shown.Count > MaxProblemsShown)
            {
                text.Append(Inv($" and {shown.Count - MaxProblemsShown} more"));
            }

            text.Append("; ");
        }

        text.Append(status.Node).Append(' ').Append(status.Ha is null ? "no ha" : status.Ha.State);
        text.Append(Inv($", {upServices}/{services.Count} services up, {usableTotal}/{serverTotal} servers usable"));
        string line = $"FULCRUM {Name(worst)} - {OneLine(text.ToString())}";
        if (perf.Count > 0)
        {
            line += " | " + string.Join(' ', perf);
        }

        return new CheckOutcome(worst, line);
    }

    /// <summary>A server that takes new connections: health up (or not checked) and a weight above 0.</summary>
    public static bool Usable(RealServerStatus server) => server.Health is "up" or "unchecked" && server.Weight > 0;

    private static void JudgeHa(StatusSnapshot status, NagiosCheckOptions options, List<(NagiosStatus, string)> problems)
    {
        if (status.Ha is not { } ha)
        {
            return;
        }

        if (ha.State == "fault")
        {
            var faulty = ha.Instances.Where(i => i.State == "fault").Select(i => i.Name).ToList();
            problems.Add((NagiosStatus.Critical, faulty.Count == 0 ? "ha FAULT" : $"ha FAULT ({string.Join(", ", faulty)})"));
            return;
        }

        if (options.ExpectState != "any" && ha.State != options.ExpectState)
        {
            problems.Add((NagiosStatus.Warning, $"ha {ha.State}, expected {options.ExpectState}"));
        }
        else if (ha.State == "initialize")
        {
            problems.Add((NagiosStatus.Warning, "ha still initializing"));
        }

        foreach (VrrpInstanceStatus instance in ha.Instances.Where(i => i.State != ha.State))
        {
            problems.Add((NagiosStatus.Warning, $"instance {instance.Name} {instance.State} while the group is {ha.State}"));
        }
    }

    // The thresholds are the fill itself (the daemon's level adds hysteresis for its events; a check
    // judges each run on its own). Perfdata: the entries against max, warn and crit as entry counts.
    private static void JudgeConntrack(ConntrackTableStatus conntrack, List<(NagiosStatus, string)> problems, List<string> perf)
    {
        double percent = conntrack.Max > 0 ? 100.0 * conntrack.Entries / conntrack.Max : 0;
        string detail = Inv($"({conntrack.Entries}/{conntrack.Max}, early drops {conntrack.EarlyDrops}, drops {conntrack.Drops})");
        if (percent >= ConntrackPressureWatch.CriticalPercent)
        {
            problems.Add((NagiosStatus.Critical, Inv($"conntrack NEARLY FULL {percent:0.#}% {detail}")));
        }
        else if (percent >= ConntrackPressureWatch.WarningPercent)
        {
            problems.Add((NagiosStatus.Warning, Inv($"conntrack {percent:0.#}% full {detail}")));
        }

        long warn = (long)Math.Ceiling(conntrack.Max * ConntrackPressureWatch.WarningPercent / 100);
        long crit = (long)Math.Ceiling(conntrack.Max * ConntrackPressureWatch.CriticalPercent / 100);
        perf.Add(Perf("conntrack", conntrack.Entries, "", Inv($"{warn}"), Inv($"{crit}"), 0, conntrack.Max));
        perf.Add(Perf("conntrack_early_drops", conntrack.EarlyDrops, "c", "", "", null, null));
        perf.Add(Perf("conntrack_drops", conntrack.Drops, "c", "", "", null, null));
    }

    private static void JudgeService(ServiceStatus service, int usable, int warnMin, int? critMin, List<(NagiosStatus, string)> problems)
    {
        int total = Configured(service).Count;
        if (!service.Up)
        {
            string sorry = service.SorryServer is null ? "" : ", sorry server answers";
            problems.Add((NagiosStatus.Critical, Inv($"{service.Name} DOWN ({service.Healthy}/{total} healthy, quorum {service.Quorum}{sorry})")));
            return;
        }
        else if (critMin is { } min && usable < min)
        {
            problems.Add((NagiosStatus.Critical, Inv($"{service.Name} {usable}/{total} usable (critical below {min})")));
        }

        if (usable >= warnMin)
        {
            return;
        }

        foreach (RealServerStatus server in Configured(service).Where(s => !Usable(s)))
        {
            problems.Add((NagiosStatus.Warning, $"{service.Name} {server.Address} {Why(server)}"));
        }
    }

    private static string Why(RealServerStatus server)
    {
        if (server.Health == "down")
        {
            return server.HealthReason is { } reason ? $"down ({reason})" : "down";
        }

        if (server.Health == "unknown")
        {
            return "health unknown";
        }

        return server.Admin switch
        {
            "drained" => "drained",
            "weight_override" => "weight 0 (override)",
            _ => "weight 0",
        };
    }

    // Servers of the configuration: one a reload removed (admin "draining", leaving the kernel) is not judged.
    private static List<RealServerStatus> Configured(ServiceStatus service) => [.. service.Servers.Where(s => s.Admin != "draining")];

    // The smallest number of usable servers that is not below the fraction: ceil(fraction × total).
    private static int MinimumOf(double fraction, int total) => (int)Math.Ceiling(Math.Round(fraction * total, 9));

    private static string Perf(string label, double? value, string unit, string warn, string crit, double? min, double? max)
    {
        string v = value is { } x ? Number(x) + unit : "U";
        string result = $"'{label.Replace("'", "''", StringComparison.Ordinal)}'={v};{warn};{crit};{(min is { } mn ? Number(mn) : "")};{(max is { } mx ? Number(mx) : "")}";
        return result.TrimEnd(';');
    }

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Name(NagiosStatus status) => status.ToString().ToUpperInvariant();

    private static string OneLine(string text) => string.Join(' ', text.Replace('|', '/').Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string Inv(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
