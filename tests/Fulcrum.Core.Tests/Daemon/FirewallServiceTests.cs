using System.Net;
using Fulcrum.Core.Config;
using Fulcrum.Core.Firewall;
using Fulcrum.Core.Net;
using Fulcrum.Daemon.Events;
using Fulcrum.Daemon.Hosting;
using Fulcrum.Linux.Firewall;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Fulcrum.Core.Tests.Daemon;

/// <summary>
/// The daemon's firewall service on a recording firewall: the exact calls at start (fresh kernel,
/// same rules already in force, record but no table), on a reload that changes the rules, one that
/// does not, and a kernel refusal; the TCP API port opened to the admin networks; the host settings
/// (recorded in the same call list as <c>host strict</c> / <c>host loose</c>, with a simulated
/// <c>nf_conntrack_tcp_loose</c>) set on every reload, before rules that proxy and after rules that
/// stop proxying.
/// </summary>
public sealed class FirewallServiceTests : IDisposable
{
    private static readonly NodeView OneService = DaemonConfigs.View(DaemonConfigs.Service("web", 80, (11, 1)));
    private static readonly NodeView TwoServices = DaemonConfigs.View(DaemonConfigs.Service("web", 80, (11, 1)) + DaemonConfigs.Service("api", 443, (12, 1)));

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly DirectoryInfo _stateDir = Directory.CreateTempSubdirectory("fulcrum-fw-");
    private readonly RecordingFirewall _kernel = new();
    private readonly List<IReadOnlyList<string>> _hostSettings = [];
    private readonly List<FirewallPolicy> _hostSettingPolicies = [];
    private readonly EventRing _events;
    private static readonly NodeView Proxied = DaemonConfigs.View(DaemonConfigs.Service("web", 80, (11, 1)).Replace("    servers:", "    syn_proxy: true\n    servers:", StringComparison.Ordinal));

    // The node's nf_conntrack_tcp_loose as the fake host settings leave it (a new namespace starts with 1).
    private string _tcpLoose = "1";

    public FirewallServiceTests() => _events = new EventRing(_time);

    public void Dispose() => _stateDir.Delete(recursive: true);

    private static string Hash(NodeView view, DaemonOptions options) => FirewallRenderer.Render(FirewallService.Policy(view, options)).Hash();

    private static DaemonOptions Options(IPEndPoint? apiListen = null) => new("test.yaml", "lb1", null, null, apiListen);

    private FirewallService Create(DaemonOptions options)
    {
        var context = new DaemonContext(options, NodePaths.For(_stateDir.FullName, "lb1"), new LoadedConfig("test.yaml", OneService, "sha", _time.GetUtcNow()), _events, _time);
        Directory.CreateDirectory(context.Paths.Directory);
        return new FirewallService(context, _kernel, policy =>
        {
            _hostSettings.Add([policy.PublicInterface, policy.PrivateInterface]);
            _hostSettingPolicies.Add(policy);
            bool strict = policy.SynProxyServices.Count > 0;
            _kernel.Calls.Add(strict ? "host strict" : "host loose");
            var before = _tcpLoose;
            _tcpLoose = strict ? "0" : "1";
            return
            [
                new HostSetting("net.ipv4.ip_forward", "1", "1", true, "already set"),
                new HostSetting(HostSettings.TcpLooseName, _tcpLoose, before, true, before == _tcpLoose ? "already set" : "changed from " + before),
            ];
        }, NullLogger<FirewallService>.Instance);
    }

    [Fact]
    public async Task Start_sets_the_host_settings_and_applies_the_policy_once()
    {
        using var service = Create(Options());

        await service.StartAsync(CancellationToken.None);

        var hash = Hash(OneService, Options());
        Assert.Equal([["eth0", "eth1"]], _hostSettings);
        Assert.Equal(["host loose", "apply " + hash], _kernel.Calls);
        Assert.Equal(new Core.Status.FirewallStatus(true, hash, _time.GetUtcNow()), service.Status);
        var applied = Assert.Single(_events.Read(0).Events, e => e.Kind == EventKinds.FirewallApply);
        Assert.Equal(hash, applied.Fields!["rules_hash"]);
    }

    [Fact]
    public async Task The_tcp_api_port_is_opened_to_the_admin_networks()
    {
        using var service = Create(Options(IPEndPoint.Parse("198.51.100.10:9443")));

        await service.StartAsync(CancellationToken.None);

        var policy = Assert.Single(_kernel.Policies);
        Assert.Contains(new PortRule(L4Protocol.Tcp, new PortRange(9443, 9443)), policy.AdminPorts);
        Assert.DoesNotContain(new PortRule(L4Protocol.Tcp, new PortRange(9443, 9443)), FirewallService.Policy(OneService, Options()).AdminPorts);
        Assert.NotEqual(Hash(OneService, Options()), service.Status.RulesHash);
    }

    [Fact]
    public async Task A_restart_with_the_same_rules_in_the_kernel_changes_nothing()
    {
        using (var first = Create(Options()))
        {
            await first.StartAsync(CancellationToken.None);
        }

        var appliedAt = _time.GetUtcNow();
        _kernel.Calls.Clear();
        _time.Advance(TimeSpan.FromMinutes(5));
        using var second = Create(Options());

        await second.StartAsync(CancellationToken.None);

        Assert.Equal(["host loose", "is_applied"], _kernel.Calls);
        Assert.Equal(new Core.Status.FirewallStatus(true, Hash(OneService, Options()), appliedAt), second.Status);
    }

    [Fact]
    public async Task A_restart_whose_table_is_gone_applies_again()
    {
        using (var first = Create(Options()))
        {
            await first.StartAsync(CancellationToken.None);
        }

        _kernel.Applied = false;
        _kernel.Calls.Clear();
        using var second = Create(Options());

        await second.StartAsync(CancellationToken.None);

        Assert.Equal(["host loose", "is_applied", "apply " + Hash(OneService, Options())], _kernel.Calls);
    }

    [Fact]
    public async Task A_reload_applies_only_when_the_rules_changed()
    {
        using var service = Create(Options());
        await service.StartAsync(CancellationToken.None);
        _kernel.Calls.Clear();

        var unchanged = await service.ReloadAsync(OneService, CancellationToken.None);

        Assert.Null(unchanged);
        Assert.Equal(["is_applied", "host loose"], _kernel.Calls);

        _kernel.Calls.Clear();
        _time.Advance(TimeSpan.FromSeconds(30));
        var changed = await service.ReloadAsync(TwoServices, CancellationToken.None);

        var hash = Hash(TwoServices, Options());
        Assert.NotEqual(Hash(OneService, Options()), hash);
        Assert.Equal(["apply " + hash, "host loose"], _kernel.Calls);
        Assert.Contains(hash, changed, StringComparison.Ordinal);
        Assert.Equal(new Core.Status.FirewallStatus(true, hash, _time.GetUtcNow()), service.Status);
    }

    [Fact]
    public async Task A_reload_that_adds_a_syn_proxy_turns_loose_pickup_off_before_the_rules()
    {
        using var service = Create(Options());
        await service.StartAsync(CancellationToken.None);
        _kernel.Calls.Clear();
        _hostSettingPolicies.Clear();

        var change = await service.ReloadAsync(Proxied, CancellationToken.None);

        var policy = Assert.Single(_hostSettingPolicies);
        Assert.Equal(["203.0.113.100:80/tcp"], policy.SynProxyServices.Select(s => s.ToString()));
        Assert.Equal(["host strict", "apply " + Hash(Proxied, Options())], _kernel.Calls);
        Assert.Equal("0", _tcpLoose);
        Assert.EndsWith("; host settings: net.netfilter.nf_conntrack_tcp_loose=0 (was 1)", change, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reload_that_removes_the_last_syn_proxy_turns_loose_pickup_back_on_after_the_rules()
    {
        using var service = Create(Options());
        await service.StartAsync(CancellationToken.None);
        await service.ReloadAsync(Proxied, CancellationToken.None);
        Assert.Equal("0", _tcpLoose);
        _kernel.Calls.Clear();

        var change = await service.ReloadAsync(OneService, CancellationToken.None);

        Assert.Equal(["apply " + Hash(OneService, Options()), "host loose"], _kernel.Calls);
        Assert.Equal("1", _tcpLoose);
        Assert.EndsWith("; host settings: net.netfilter.nf_conntrack_tcp_loose=1 (was 0)", change, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reload_with_unchanged_rules_still_puts_a_host_setting_changed_by_hand_back()
    {
        using var service = Create(Options());
        await service.StartAsync(CancellationToken.None);
        _tcpLoose = "0"; // a hardening script, say
        _kernel.Calls.Clear();

        var change = await service.ReloadAsync(OneService, CancellationToken.None);

        Assert.Equal(["is_applied", "host loose"], _kernel.Calls);
        Assert.Equal("1", _tcpLoose);
        Assert.Equal("host settings: net.netfilter.nf_conntrack_tcp_loose=1 (was 0)", change);
    }

    [Fact]
    public async Task A_refused_reload_that_adds_a_syn_proxy_leaves_the_host_settings_of_the_rules_in_force()
    {
        using var service = Create(Options());
        await service.StartAsync(CancellationToken.None);
        _kernel.Calls.Clear();
        _kernel.Refuse = "nftables rejected applying the firewall; nothing was changed: EINVAL";

        await Assert.ThrowsAsync<FirewallException>(() => service.ReloadAsync(Proxied, CancellationToken.None));

        Assert.Equal(["host strict", "apply " + Hash(Proxied, Options()), "host loose"], _kernel.Calls);
        Assert.Equal("1", _tcpLoose);
    }

    [Fact]
    public async Task A_refused_reload_keeps_the_previous_rules_and_says_so()
    {
        using var service = Create(Options());
        await service.StartAsync(CancellationToken.None);
        var before = service.Status;
        _kernel.Refuse = "nftables rejected applying the firewall; nothing was changed: EINVAL";

        var refused = await Assert.ThrowsAsync<FirewallException>(() => service.ReloadAsync(TwoServices, CancellationToken.None));

        Assert.Contains("EINVAL", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, service.Status);
        var error = _events.Read(0).Events[^1];
        Assert.Equal(EventKinds.FirewallApply, error.Kind);
        Assert.Contains("EINVAL", error.Fields!["error"], StringComparison.Ordinal);

        // The next reload with the same file tries again (the rules in force are still the old ones).
        _kernel.Refuse = null;
        _kernel.Calls.Clear();
        await service.ReloadAsync(TwoServices, CancellationToken.None);
        Assert.Equal(["apply " + Hash(TwoServices, Options()), "host loose"], _kernel.Calls);
    }

    [Fact]
    public async Task A_refusal_at_start_leaves_the_daemon_running_with_the_firewall_not_applied()
    {
        _kernel.Refuse = "nftables rejected applying the firewall; nothing was changed: EPERM";
        using var service = Create(Options());

        await service.StartAsync(CancellationToken.None);

        Assert.Equal(new Core.Status.FirewallStatus(false, null, null), service.Status);
        Assert.Contains(_events.Read(0).Events, e => e.Kind == EventKinds.FirewallApply && e.Fields!.ContainsKey("error"));
    }
}
