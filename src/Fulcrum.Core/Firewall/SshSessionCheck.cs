using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Fulcrum.Core.Firewall;

/// <summary>
/// Would a policy cut the SSH session a command runs from? Reads <c>SSH_CONNECTION</c>
/// (<c>CLIENT_IP CLIENT_PORT SERVER_IP SERVER_PORT</c>) and checks that the input chain admits a new
/// connection like it (the running session itself survives as an established flow, but the next
/// login, or the session after a conntrack flush, would not).
/// </summary>
public static class SshSessionCheck
{
    /// <summary>Null when the session would still be admitted; otherwise why not, naming the rule.</summary>
    public static string? Check(FirewallPolicy policy, string? sshConnection)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (string.IsNullOrWhiteSpace(sshConnection))
        {
            return null;
        }

        string[] parts = sshConnection.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 4
            || !IPAddress.TryParse(parts[0], out IPAddress? client)
            || !IPAddress.TryParse(parts[2], out IPAddress? server)
            || !ushort.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out ushort port))
        {
            return $"SSH_CONNECTION '{sshConnection}' cannot be read, so it cannot be checked that this session survives";
        }

        client = client.IsIPv4MappedToIPv6 ? client.MapToIPv4() : client;
        server = server.IsIPv4MappedToIPv6 ? server.MapToIPv4() : server;
        if (IPAddress.IsLoopback(client) || IPAddress.IsLoopback(server))
        {
            return null;
        }

        if (client.AddressFamily != AddressFamily.InterNetwork)
        {
            return $"this session comes over IPv6 ({client}); the firewall admits IPv6 only for established flows and neighbour discovery, so a new session like it would be dropped (input rule \"input_drop\")";
        }

        bool fromAdmin = policy.AdminNetworks.Any(n => n.Contains(client));
        bool sshPort = port == policy.SshPort;
        bool adminPort = policy.AdminPorts.Any(p => p.Protocol == Net.L4Protocol.Tcp && p.Ports.Contains(port));
        if (!sshPort && !adminPort)
        {
            return $"this session uses port {port}, but the input chain admits SSH only on port {policy.SshPort} (rule \"admin_ssh\": tcp dport {policy.SshPort} ip saddr @admin accept); a new session on port {port} would be dropped (rule \"input_drop\")";
        }

        if (policy.Vips.Contains(server))
        {
            return $"this session goes to {server}, a VIP; admin ports answer only on the nodes' own addresses (rule \"admin_ssh\": tcp dport {port} ip daddr != @vips ip saddr @admin accept), so a new session like it would be dropped (rule \"input_drop\"); connect to the node's own address";
        }

        if (!fromAdmin)
        {
            return $"this session comes from {client}, which is not in the admin networks ({string.Join(", ", policy.AdminNetworks)}); rule \"admin_ssh\" (tcp dport {port} ip saddr @admin accept) would not admit it";
        }

        return null;
    }
}
