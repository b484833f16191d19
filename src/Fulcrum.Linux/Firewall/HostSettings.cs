using System.Globalization;
using Fulcrum.Core.Firewall;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Linux.Firewall;

/// <summary>
/// The host settings a gateway needs, written through <c>/proc/sys</c> from inside the node's
/// network namespace (net.* sysctls are per namespace): forwarding on, strict reverse-path
/// filtering, ICMP redirects neither sent nor accepted; and a check of the conntrack table size
/// (which a child namespace cannot change). With a SYN proxy, strict TCP tracking
/// (<c>net.netfilter.nf_conntrack_tcp_loose=0</c>, also per namespace): the client's ACK that ends a
/// proxied handshake must find no conntrack entry (state invalid) and reach the SYN proxy; with the
/// default 1 conntrack picks it up as a new flow, the data plane DNATs it to a server that never saw
/// the SYN, and the server resets the connection. The price: a flow in mid-stream that this node has
/// no entry for (after a failover) is no longer picked up but dropped as invalid. Without a SYN
/// proxy the setting is 1 (the kernel's default): such flows are picked up.
/// </summary>
public static class HostSettings
{
    /// <summary>Below this many conntrack entries a busy balancer drops new flows.</summary>
    public const int MinimumConntrackMax = 65_536;

    /// <summary>The sysctl a SYN proxy needs at 0, and VRRP switch-overs at 1 (mid-stream pickup).</summary>
    public const string TcpLooseName = "net.netfilter.nf_conntrack_tcp_loose";

    private static readonly string[] Scopes = ["all", "default"];

    /// <summary>Applies the settings <paramref name="policy"/> needs (its interfaces; strict TCP tracking with a SYN proxy).</summary>
    public static IReadOnlyList<HostSetting> Apply(FirewallPolicy policy, string? networkNamespace = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return Apply([policy.PublicInterface, policy.PrivateInterface], networkNamespace, strictTcpTracking: policy.SynProxyServices.Count > 0);
    }

    /// <summary>
    /// Applies the settings for interfaces <paramref name="interfaces"/> (and <c>nf_conntrack_tcp_loose=0</c>
    /// when <paramref name="strictTcpTracking"/>, otherwise 1); never throws for one setting that fails.
    /// </summary>
    public static IReadOnlyList<HostSetting> Apply(IReadOnlyList<string> interfaces, string? networkNamespace = null, bool strictTcpTracking = false)
    {
        ArgumentNullException.ThrowIfNull(interfaces);
        return networkNamespace is null
            ? ApplyHere(interfaces, strictTcpTracking)
            : NetworkNamespace.Run(networkNamespace, () => ApplyHere(interfaces, strictTcpTracking));
    }

    private static List<HostSetting> ApplyHere(IReadOnlyList<string> interfaces, bool strictTcpTracking)
    {
        var results = new List<HostSetting> { Set("net.ipv4.ip_forward", "/proc/sys/net/ipv4/ip_forward", "1") };
        foreach (string scope in Scopes.Concat(interfaces))
        {
            results.Add(Set($"net.ipv4.conf.{scope}.rp_filter", $"/proc/sys/net/ipv4/conf/{scope}/rp_filter", "1"));
            results.Add(Set($"net.ipv4.conf.{scope}.send_redirects", $"/proc/sys/net/ipv4/conf/{scope}/send_redirects", "0"));
            results.Add(Set($"net.ipv4.conf.{scope}.accept_redirects", $"/proc/sys/net/ipv4/conf/{scope}/accept_redirects", "0"));
        }

        // Without a SYN proxy, loose pickup on (the kernel's default, which hardening guides
        // sometimes turn off): connections in flight at a VRRP switch-over reach the new master
        // mid-stream, conntrack adopts them and the hash schedulers send them on to the same real
        // server (ARCHITECTURE.md, "Switch-over").
        results.Add(Set(TcpLooseName, "/proc/sys/net/netfilter/nf_conntrack_tcp_loose", strictTcpTracking ? "0" : "1"));

        results.Add(CheckConntrackMax());
        return results;
    }

    private static HostSetting Set(string name, string path, string wanted)
    {
        string? before = Read(path);
        if (before is null)
        {
            return new HostSetting(name, wanted, null, false, $"cannot read {path}: it does not exist here (is the interface there?)");
        }

        if (before == wanted)
        {
            return new HostSetting(name, wanted, before, true, "already set");
        }

        try
        {
            File.WriteAllText(path, wanted + "\n");
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            return new HostSetting(name, wanted, before, false, $"cannot write {path} ({failure.Message}); set {name}={wanted} by hand");
        }

        string? after = Read(path);
        return after == wanted
            ? new HostSetting(name, wanted, before, true, $"changed from {before}")
            : new HostSetting(name, wanted, before, false, $"wrote {wanted} but {path} reads {after}");
    }

    private static HostSetting CheckConntrackMax()
    {
        const string name = "net.netfilter.nf_conntrack_max";
        string? value = Read("/proc/sys/net/netfilter/nf_conntrack_max");
        if (value is null || !int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int max))
        {
            return new HostSetting(name, null, value, false, "cannot be read (is nf_conntrack loaded?)");
        }

        return max >= MinimumConntrackMax
            ? new HostSetting(name, null, value, true, "large enough")
            : new HostSetting(name, null, value, false,
                $"only {max} flows fit; raise it to at least {MinimumConntrackMax} in the host's initial namespace (a child namespace cannot change it)");
    }

    private static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
