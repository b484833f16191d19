using System.Globalization;
using System.Text;

namespace Fulcrum.Lab;

/// <summary>Renders a <see cref="LabStatus"/> for people.</summary>
public static class LabStatusTable
{
    /// <summary>Namespaces with their interfaces (loopback left out), then the web servers.</summary>
    public static string Format(LabStatus status)
    {
        var output = new StringBuilder();
        if (!status.Exists)
        {
            return $"No lab with prefix {status.Prefix} exists.{Environment.NewLine}";
        }

        output.AppendLine(CultureInfo.InvariantCulture, $"Lab {status.Prefix} (state in {status.StateDirectory})");
        output.AppendLine();
        var interfaces = new TextTable("NAMESPACE", "ROLE", "INTERFACE", "STATE", "ADDRESS", "BRIDGE");
        foreach (var ns in status.Namespaces)
        {
            var first = true;
            foreach (var link in ns.Interfaces.Where(i => i.Name != "lo"))
            {
                interfaces.Add(
                    first ? ns.Name : "",
                    first ? RoleName(ns.Role) : "",
                    link.Name,
                    link.State,
                    string.Join(' ', link.Addresses),
                    link.Bridge ?? "");
                first = false;
            }

            if (first)
            {
                interfaces.Add(ns.Name, RoleName(ns.Role), "-");
            }
        }

        interfaces.WriteTo(output);
        if (status.WebServers.Count > 0)
        {
            output.AppendLine();
            var servers = new TextTable("WEB SERVER", "NGINX PID", "STATE");
            foreach (var server in status.WebServers)
            {
                servers.Add(
                    server.Server,
                    server.Pid?.ToString(CultureInfo.InvariantCulture) ?? "-",
                    server.Running ? "running" : "not running");
            }

            servers.WriteTo(output);
        }

        return output.ToString();
    }

    private static string RoleName(LabRole role) => role switch
    {
        LabRole.Switch => "switch",
        LabRole.Client => "client",
        LabRole.Internet => "internet",
        LabRole.Balancer => "balancer",
        LabRole.RealServer => "real server",
        _ => role.ToString(),
    };
}
