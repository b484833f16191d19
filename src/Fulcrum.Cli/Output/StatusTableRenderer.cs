using System.Globalization;
using System.Text;
using Fulcrum.Core.Status;

namespace Fulcrum.Cli.Output;

/// <summary>
/// The text of <c>fulcrum status</c>: the node and its configuration, the firewall, the conntrack
/// table, the HA sync group and each VRRP instance, then per service its settings, health summary and a table like
/// <c>ipvsadm -Ln --stats</c> (the service's totals, then each real server with weight, admin
/// state, health and traffic). Pure: the same snapshot and clock give the same text.
/// </summary>
internal static class StatusTableRenderer
{
    public static string Render(StatusSnapshot status, DateTimeOffset now)
    {
        var text = new StringBuilder();
        text.Append(Inv($"Node {status.Node} (cluster {status.Cluster})  fulcrum {status.Version}  pid {status.Pid}  up {Ago(status.StartedAt, now)}\n"));
        text.Append(Inv($"Config {status.Config.File}  loaded {Time(status.Config.LoadedAt)} ({Ago(status.Config.LoadedAt, now)} ago)  sha256 {Short(status.Config.Sha256)}\n"));
        text.Append("Firewall ").Append(Firewall(status.Firewall)).Append('\n');
        if (status.Conntrack is { } conntrack)
        {
            text.Append(Inv($"Conntrack {conntrack.Entries}/{conntrack.Max} flows ({conntrack.Percent:0.0} %, {conntrack.Level})  early drops {conntrack.EarlyDrops}  drops {conntrack.Drops}  insert failed {conntrack.InsertFailed}\n"));
        }

        text.Append('\n');
        AppendHa(text, status.Ha, now);
        foreach (ServiceStatus service in status.Services)
        {
            text.Append('\n');
            AppendService(text, service, now);
        }

        if (status.Services.Count == 0)
        {
            text.Append("\nNo services.\n");
        }

        return text.ToString();
    }

    private static void AppendHa(StringBuilder text, HaStatus? ha, DateTimeOffset now)
    {
        if (ha is null)
        {
            text.Append("HA none (this node runs no VRRP)\n");
            return;
        }

        text.Append("HA ").Append(ha.State.ToUpperInvariant()).Append(" (sync group)\n");
        if (ha.Instances.Count == 0)
        {
            return;
        }

        var table = new TextTable("Instance", "Interface", ">VRID", "State", ">Priority", "Master", ">Advert", ">Since", ">Changes", "VIPs");
        foreach (VrrpInstanceStatus i in ha.Instances)
        {
            table.Add(
                i.Name,
                i.Interface,
                Inv($"{i.Vrid} v{i.Version}"),
                i.State.ToUpperInvariant(),
                i.Priority == i.EffectivePriority ? Inv($"{i.Priority}") : Inv($"{i.Priority}->{i.EffectivePriority}"),
                i.MasterAddress ?? "-",
                HumanUnits.Seconds(i.AdvertInterval),
                Ago(i.Since, now),
                Inv($"{i.Transitions}"),
                i.Vips.Count == 0 ? "-" : string.Join(",", i.Vips));
        }

        table.AppendTo(text, "  ");
    }

    private static void AppendService(StringBuilder text, ServiceStatus s, DateTimeOffset now)
    {
        text.Append(Inv($"Service {s.Name}  {s.Listen}  {s.Scheduler}"));
        if (s.Persistence is { } p)
        {
            text.Append(Inv($"  persistence {HumanUnits.Seconds(p.Timeout)} per {p.Netmask}"));
        }

        if (s.SorryServer is { } sorry)
        {
            text.Append("  sorry server ").Append(sorry);
        }

        text.Append('\n');
        text.Append(Inv($"  {(s.Up ? "UP" : "DOWN")}  {s.Healthy} of {s.Servers.Count} healthy, quorum {s.Quorum}"));
        if (!s.Up && s.SorryServer is not null)
        {
            text.Append(" (the sorry server answers)");
        }

        text.Append('\n');
        // The Check column (last probe's latency) only when the daemon reports one: no column of dashes.
        bool latency = s.Servers.Any(r => r.CheckLatency is not null);
        string[] headers = [
            "Address", ">Weight", "Admin", "Health", ">Since", .. latency ? (string[])[">Check"] : [],
            ">Conns", ">InPkts", ">OutPkts", ">InBytes", ">OutBytes", ">Pkt/s", ">Bytes/s", "Reason"];
        var table = new TextTable(headers);
        table.Add(["total", "", "", "", "", .. latency ? (string[])[""] : [], .. Traffic(s.Traffic), ""]);
        foreach (RealServerStatus r in s.Servers)
        {
            table.Add([
                "  -> " + r.Address,
                r.Weight == r.ConfiguredWeight ? Inv($"{r.Weight}") : Inv($"{r.ConfiguredWeight}->{r.Weight}"),
                r.Admin == "weight_override" ? "override" : r.Admin,
                r.Health == "down" ? "DOWN" : r.Health,
                r.HealthSince is { } since ? Ago(since, now) : "-",
                .. latency ? (string[])[HumanUnits.Latency(r.CheckLatency)] : [],
                .. Traffic(r.Traffic),
                r.HealthReason ?? ""]);
        }

        table.AppendTo(text, "  ");
    }

    private static string[] Traffic(TrafficStatus t) =>
    [
        HumanUnits.Count(t.ActiveConnections),
        HumanUnits.Count(t.PacketsIn),
        HumanUnits.Count(t.PacketsOut),
        HumanUnits.Bytes(t.BytesIn),
        HumanUnits.Bytes(t.BytesOut),
        HumanUnits.Rate(t.PacketsPerSecond),
        HumanUnits.ByteRate(t.BytesPerSecond),
    ];

    private static string Firewall(FirewallStatus? firewall) => firewall switch
    {
        null => "none (no firewall section)",
        { Applied: false } => "NOT APPLIED",
        { AppliedAt: { } at } => Inv($"applied {Time(at)}  rules {Short(firewall.RulesHash ?? "-")}"),
        _ => Inv($"applied  rules {Short(firewall.RulesHash ?? "-")}"),
    };

    private static string Ago(DateTimeOffset at, DateTimeOffset now) => HumanUnits.Duration(now - at);

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] : hash;

    private static string Inv(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
