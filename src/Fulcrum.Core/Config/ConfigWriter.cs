using System.Globalization;
using System.Text;
using Fulcrum.Core.Config.Reading;
using Fulcrum.Core.Config.Text;
using Fulcrum.Core.Config.Writing;

namespace Fulcrum.Core.Config;

/// <summary>
/// Writes a <see cref="ClusterConfig"/> as YAML in the canonical shape of the config file:
/// durations in their largest exact units (<c>1m30s</c>), optional probe settings only when they
/// differ from the default. <see cref="ConfigLoader.Parse"/> reads the output back to an equal config.
/// </summary>
public static class ConfigWriter
{
    /// <summary>The YAML text of <paramref name="config"/>.</summary>
    public static string Write(ClusterConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var yaml = new StringBuilder();
        yaml.Append("cluster: ").AppendLine(S(config.Cluster));
        WriteNodes(yaml, config);
        WriteNetworks(yaml, config);
        WriteHa(yaml, config.Ha);
        WriteServices(yaml, config);
        WriteFirewall(yaml, config.Firewall);
        WriteGlobal(yaml, config.Global);
        return yaml.ToString();
    }

    private static void WriteNodes(StringBuilder yaml, ClusterConfig config)
    {
        yaml.AppendLine().AppendLine("nodes:");
        foreach (NodeConfig node in config.Nodes)
        {
            yaml.Append("  ").Append(S(node.Name)).AppendLine(":");
            yaml.Append("    priority: ").AppendLine(N(node.Priority));
            string addresses = string.Join(", ", node.Addresses.Select(a => $"{S(a.Network)}: {a.Address}"));
            yaml.Append("    addresses: { ").Append(addresses).AppendLine(" }");
        }
    }

    private static void WriteNetworks(StringBuilder yaml, ClusterConfig config)
    {
        yaml.AppendLine().AppendLine("networks:");
        foreach (NetworkConfig network in config.Networks)
        {
            yaml.Append("  ").Append(S(network.Name)).AppendLine(":");
            yaml.Append("    role: ").AppendLine(network.Role == NetworkRole.Public ? "public" : "private");
            yaml.Append("    interface: ").AppendLine(S(network.Interface));
            yaml.Append("    prefix: ").AppendLine(network.Prefix.ToString());
            yaml.Append("    vips: ").AppendLine(List(network.Vips.Select(v => S(v.ToString()))));
        }
    }

    private static void WriteHa(StringBuilder yaml, HaConfig ha)
    {
        yaml.AppendLine().AppendLine("ha:");
        yaml.Append("  vrid: ").AppendLine(N(ha.Vrid));
        yaml.Append("  version: ").AppendLine(N(ha.Version));
        yaml.Append("  advert: ").AppendLine(D(ha.Advert));
        yaml.Append("  preempt: ").AppendLine(B(ha.Preempt));
        yaml.Append("  preempt_delay: ").AppendLine(D(ha.PreemptDelay));
        yaml.Append("  unicast: ").AppendLine(B(ha.Unicast));
        yaml.Append("  flow_handoff: ").AppendLine(D(ha.FlowHandOff));
        yaml.Append("  garp: { count: ").Append(N(ha.Garp.Count)).Append(", interval: ").Append(D(ha.Garp.Interval))
            .Append(", refresh: ").Append(D(ha.Garp.Refresh)).AppendLine(" }");
        WriteTrack(yaml, ha.Track);
        if (ha.Notify is { } notify)
        {
            yaml.Append("  notify: ").AppendLine(S(notify));
        }

        switch (ha.Auth.Mode)
        {
            case HaAuthMode.Password:
                yaml.Append("  auth: { type: password, password: ").Append(S(ha.Auth.Password!)).AppendLine(" }");
                break;
            case HaAuthMode.Hmac:
                yaml.Append("  auth: { type: hmac, key_file: ").Append(S(ha.Auth.KeyFile!)).AppendLine(" }");
                break;
        }

        yaml.Append("  connection_sync: { enabled: ").Append(B(ha.ConnectionSync.Enabled)).Append(", port: ").Append(N(ha.ConnectionSync.Port)).AppendLine(" }");
    }

    private static void WriteTrack(StringBuilder yaml, HaTrackConfig track)
    {
        if (track.Interfaces.IsEmpty && track.Services.IsEmpty && track.Commands.IsEmpty)
        {
            return;
        }

        yaml.AppendLine("  track:");
        if (!track.Interfaces.IsEmpty)
        {
            yaml.Append("    interfaces: { ").Append(string.Join(", ", track.Interfaces.Select(t => $"{S(t.Name)}: {N(t.Weight)}"))).AppendLine(" }");
        }

        if (!track.Services.IsEmpty)
        {
            yaml.Append("    services: { ").Append(string.Join(", ", track.Services.Select(t => $"{S(t.Name)}: {N(t.Weight)}"))).AppendLine(" }");
        }

        if (!track.Commands.IsEmpty)
        {
            yaml.AppendLine("    commands:");
            foreach (TrackedCommandConfig command in track.Commands)
            {
                yaml.Append("      - { name: ").Append(S(command.Name)).Append(", run: ").Append(S(command.Run))
                    .Append(", interval: ").Append(D(command.Interval)).Append(", timeout: ").Append(D(command.Timeout))
                    .Append(", rise: ").Append(N(command.Rise)).Append(", fall: ").Append(N(command.Fall))
                    .Append(", weight: ").Append(N(command.Weight)).AppendLine(" }");
            }
        }
    }

    private static void WriteServices(StringBuilder yaml, ClusterConfig config)
    {
        yaml.AppendLine();
        if (config.Services.IsEmpty)
        {
            yaml.AppendLine("services: []");
            return;
        }

        yaml.AppendLine("services:");
        foreach (VirtualServiceConfig service in config.Services)
        {
            yaml.Append("  - name: ").AppendLine(S(service.Name));
            yaml.Append("    listen: ").AppendLine(S(service.Listen.ToString()));
            yaml.Append("    scheduler: ").AppendLine(ServiceSectionReader.Schedulers.First(s => s.Value == service.Scheduler).Key);
            if (service.Persistence is { } persistence)
            {
                yaml.Append("    persistence: { timeout: ").Append(D(persistence.Timeout))
                    .Append(", granularity: ").Append(N(persistence.Granularity)).AppendLine(" }");
            }

            yaml.Append("    quorum: ").AppendLine(N(service.Quorum));
            if (service.Sorry is { } sorry)
            {
                yaml.Append("    sorry: ").AppendLine(S(sorry.ToString()));
            }

            if (service.SynProxy)
            {
                yaml.AppendLine("    syn_proxy: true");
            }

            if (service.ClientLimit is { } limit)
            {
                yaml.Append("    client_limit: ").AppendLine(N(limit));
            }

            if (service.Check is { } check)
            {
                WriteCheck(yaml, check);
            }

            yaml.AppendLine("    servers:");
            foreach (RealServerConfig server in service.Servers)
            {
                yaml.Append("      - { address: ").Append(S(server.Endpoint.ToString()))
                    .Append(", weight: ").Append(N(server.Weight)).AppendLine(" }");
            }
        }
    }

    private static void WriteCheck(StringBuilder yaml, HealthCheckConfig check)
    {
        yaml.AppendLine("    check:");
        yaml.Append("      ").AppendLine(ProbeWriter.Write(check.Probe));
        yaml.Append("      interval: ").AppendLine(D(check.Interval));
        yaml.Append("      timeout: ").AppendLine(D(check.Timeout));
        yaml.Append("      rise: ").AppendLine(N(check.Rise));
        yaml.Append("      fall: ").AppendLine(N(check.Fall));
        if (check.RetryDelay > TimeSpan.Zero)
        {
            yaml.Append("      retry_delay: ").AppendLine(D(check.RetryDelay));
        }

        if (check.Initial != HealthInitialState.Down)
        {
            yaml.AppendLine("      initial: up");
        }
    }

    private static void WriteFirewall(StringBuilder yaml, FirewallConfig firewall)
    {
        yaml.AppendLine().AppendLine("firewall:");
        yaml.AppendLine("  admin:");
        yaml.Append("    ssh_port: ").AppendLine(N(firewall.Admin.SshPort));
        yaml.Append("    from: ").AppendLine(List(firewall.Admin.From.Select(f => S(f.ToString()))));
        yaml.Append("    ports: ").AppendLine(List(firewall.Admin.Ports.Select(r => S(r.ToString()))));
        BanConfig ban = firewall.Admin.Ban;
        yaml.AppendLine("    ban:");
        yaml.Append("      after: ").AppendLine(N(ban.After));
        yaml.Append("      per: ").AppendLine(D(ban.Per));
        yaml.Append("      time: ").AppendLine(D(ban.Time));
        yaml.Append("      exempt: ").AppendLine(List(ban.Exempt.Select(f => S(f.ToString()))));
        yaml.Append("      exempt_admin: ").AppendLine(B(ban.ExemptAdmin));
        yaml.AppendLine("  egress:");
        yaml.Append("    allow: ").AppendLine(firewall.Egress.AllowAll ? "all" : List(firewall.Egress.Allow.Select(r => S(r.ToString()))));
        yaml.Append("    to: ").AppendLine(List(firewall.Egress.To.Select(f => S(f.ToString()))));
        yaml.Append("  icmp_rate: ").AppendLine(N(firewall.IcmpEchoRate));
        yaml.Append("  anti_spoofing: ").AppendLine(B(firewall.AntiSpoofing));
        if (firewall.LogGroup is { } group)
        {
            yaml.Append("  log_group: ").AppendLine(N(group));
        }
    }

    private static void WriteGlobal(StringBuilder yaml, GlobalSettings global)
    {
        yaml.AppendLine().AppendLine("global:");
        yaml.Append("  state_dir: ").AppendLine(S(global.StateDir));
        yaml.Append("  log_format: ").AppendLine(GlobalSectionReader.LogFormats.First(f => f.Value == global.LogFormat).Key);
        yaml.Append("  log_level: ").AppendLine(GlobalSectionReader.LogLevels.First(l => l.Value == global.LogLevel).Key);
    }

    private static string S(string text) => YamlScalarText.Format(text);

    private static string N(int number) => number.ToString(CultureInfo.InvariantCulture);

    private static string D(TimeSpan duration) => DurationText.Format(duration);

    private static string B(bool value) => value ? "true" : "false";

    private static string List(IEnumerable<string> items) => "[" + string.Join(", ", items) + "]";
}
