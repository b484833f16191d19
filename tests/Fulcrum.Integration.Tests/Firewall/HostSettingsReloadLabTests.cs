using Fulcrum.Integration.Tests.Daemon;
using Fulcrum.Integration.Tests.Lab;
using Fulcrum.Lab;
using static Fulcrum.Integration.Tests.Firewall.FirewallLabShell;

namespace Fulcrum.Integration.Tests.Firewall;

/// <summary>
/// <c>fulcrum run</c> on lb1, reloaded: a reload that removes the last SYN-proxied service turns
/// loose TCP pickup (<c>nf_conntrack_tcp_loose</c>) back on, so mid-stream flows are picked up after
/// a failover again, and one that adds a SYN proxy turns it off; the reload's answer says so.
/// </summary>
public sealed class HostSettingsReloadLabTests
{
    [PrivilegedFact]
    public async Task Tcp_loose_follows_the_syn_proxy_across_reloads_both_ways()
    {
        await TestLabOwners.SweepAbandonedAsync();
        await using var owned = OwnedLab.Create(servers: 2);
        NetworkLab lab = owned.Lab;
        await lab.UpAsync();
        string lb1 = lab.Topology.Balancers[0].Namespace;
        await using var daemons = new DaemonLab(lab);
        string plain = DaemonLab.Service("web", 80, 1, 2);
        string proxied = plain.Replace("    scheduler: wrr\n", "    scheduler: wrr\n    syn_proxy: true\n", StringComparison.Ordinal);
        daemons.WriteConfig(proxied);
        var daemon = daemons.Start(1);
        await daemon.WaitForAsync(s => s.Ha?.State == "master" && s.Firewall is { Applied: true });
        Assert.Equal("0", TcpLoose(lb1));

        daemons.WriteConfig(plain);
        var (status, body) = await daemon.PostAsync("v1/reload", "{}");

        Assert.True(status == 200, body);
        Assert.Equal("1", TcpLoose(lb1));
        Assert.Contains("net.netfilter.nf_conntrack_tcp_loose=1 (was 0)", body, StringComparison.Ordinal);

        daemons.WriteConfig(proxied);
        (status, body) = await daemon.PostAsync("v1/reload", "{}");

        Assert.True(status == 200, body);
        Assert.Equal("0", TcpLoose(lb1));
        Assert.Contains("net.netfilter.nf_conntrack_tcp_loose=0 (was 1)", body, StringComparison.Ordinal);
    }

    private static string TcpLoose(string ns) => Sh("ip", "netns", "exec", ns, "cat", "/proc/sys/net/netfilter/nf_conntrack_tcp_loose").Trim();
}
