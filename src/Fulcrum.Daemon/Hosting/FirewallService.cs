using System.Globalization;
using Fulcrum.Core.Config;
using Fulcrum.Core.Firewall;
using Fulcrum.Core.Net;
using Fulcrum.Core.Status;
using Fulcrum.Daemon.Events;
using Fulcrum.Linux.Firewall;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Daemon.Hosting;

/// <summary>
/// The gateway firewall of the daemon: at start it sets the host settings and applies the node's
/// firewall policy (with the TCP API port, if any, opened to the admin networks); on every reload it
/// sets the host settings again (so <c>nf_conntrack_tcp_loose</c> follows the configuration, and a
/// setting changed by hand is put back) and applies the policy again only when its rules changed.
/// The kernel's table is left alone when it already holds the same rules (the hash of the last apply
/// is kept in <c>firewall.applied</c> in the node's state directory), so a restart does not reset
/// counters. A kernel refusal is logged and an event; the previous rules stay in force, and so do the
/// host settings they need. Stopping leaves the firewall in the kernel.
/// </summary>
internal sealed class FirewallService : IHostedService, IDisposable
{
    /// <summary>The file (in the node's state directory) that records the hash of the rules last applied.</summary>
    public const string AppliedFileName = "firewall.applied";

    private readonly DaemonContext _context;
    private readonly IFirewall _firewall;
    private readonly Func<FirewallPolicy, IReadOnlyList<HostSetting>> _hostSettings;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _one = new(1, 1);
    private volatile FirewallStatus? _status;
    private FirewallPolicy? _inForce;

    public FirewallService(DaemonContext context, IFirewall firewall, Func<FirewallPolicy, IReadOnlyList<HostSetting>> hostSettings, ILogger<FirewallService> logger)
    {
        _context = context;
        _firewall = firewall;
        _hostSettings = hostSettings;
        _logger = logger;
    }

    /// <summary>The firewall's status (<c>firewall</c> in <c>GET /v1/status</c>).</summary>
    public FirewallStatus Status => _status ?? new FirewallStatus(false, null, null);

    private string AppliedFile => Path.Combine(_context.Paths.Directory, AppliedFileName);

    /// <summary>The node's policy: the configuration's, plus the TCP API port for the admin networks.</summary>
    public static FirewallPolicy Policy(NodeView view, DaemonOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        PortRule[] extra = options.ApiListen is { } tcp ? [new PortRule(L4Protocol.Tcp, new PortRange((ushort)tcp.Port, (ushort)tcp.Port))] : [];
        return FirewallPolicyBuilder.Build(view, extra);
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var policy = Policy(_context.Config.View, _context.Options);
        ApplyHostSettings(policy);

        try
        {
            await ApplyAsync(policy, "start", cancellationToken).ConfigureAwait(false);
        }
        catch (FirewallException)
        {
            // Logged and an event; the daemon still balances (status: not applied, `fulcrum check` flags it).
            _status = new FirewallStatus(await _firewall.IsAppliedAsync(cancellationToken).ConfigureAwait(false), null, null);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _one.Dispose();

    /// <summary>
    /// Applies the policy of <paramref name="view"/> when it differs from what is in force. Returns
    /// the change made (null: nothing changed) or throws <see cref="FirewallException"/> when the
    /// kernel refused (the previous rules stay).
    /// </summary>
    public async Task<string?> ReloadAsync(NodeView view, CancellationToken cancellationToken)
    {
        var policy = Policy(view, _context.Options);
        var previous = _inForce;

        // Strict TCP tracking goes in before rules that proxy (their cookie ACKs must be invalid, not
        // picked up: see HostSettings), and loose pickup comes back only once no rule proxies any more.
        bool proxies = policy.SynProxyServices.Count > 0;
        var settingsChanged = proxies ? ApplyHostSettings(policy) : [];

        string? change;
        try
        {
            change = await ApplyAsync(policy, "reload", cancellationToken).ConfigureAwait(false);
        }
        catch (FirewallException)
        {
            // The previous rules stay in force: so do the host settings they need.
            if (proxies && previous is not null)
            {
                ApplyHostSettings(previous);
            }

            throw;
        }

        if (!proxies)
        {
            settingsChanged = ApplyHostSettings(policy);
        }

        if (settingsChanged.Count > 0)
        {
            var settings = "host settings: " + string.Join(", ", settingsChanged.Select(h => $"{h.Name}={h.Wanted} (was {h.Before})"));
            change = change is null ? settings : change + "; " + settings;
        }

        return change;
    }

    /// <summary>Sets the host settings <paramref name="policy"/> needs; returns those that were changed.</summary>
    private List<HostSetting> ApplyHostSettings(FirewallPolicy policy)
    {
        var changed = new List<HostSetting>();
        foreach (var setting in _hostSettings(policy))
        {
            if (!setting.Ok)
            {
                DaemonLog.HostSettingFailed(_logger, setting.Name, setting.Message);
            }
            else if (setting.Wanted is not null && setting.Before is not null && setting.Before != setting.Wanted)
            {
                DaemonLog.HostSettingChanged(_logger, setting.Name, setting.Wanted, setting.Before);
                changed.Add(setting);
            }
        }

        return changed;
    }

    private async Task<string?> ApplyAsync(FirewallPolicy policy, string why, CancellationToken cancellationToken)
    {
        await _one.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var ruleset = FirewallRenderer.Render(policy);
            var hash = ruleset.Hash();
            var inForce = _status?.RulesHash ?? ReadAppliedHash();
            if (inForce == hash && await _firewall.IsAppliedAsync(cancellationToken).ConfigureAwait(false))
            {
                if (_status is null)
                {
                    DaemonLog.FirewallKept(_logger, hash);
                    _status = new FirewallStatus(true, hash, ReadAppliedAt());
                }

                _inForce = policy;
                return null;
            }

            try
            {
                await _firewall.ApplyAsync(policy, cancellationToken).ConfigureAwait(false);
            }
            catch (FirewallException refused)
            {
                DaemonLog.FirewallRefused(_logger, refused.Message);
                _context.Events.Add(EventKinds.FirewallApply, $"firewall ({why}): the kernel refused the rules {hash}; the previous rules stay: {refused.Message}", new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["rules_hash"] = hash,
                    ["error"] = refused.Message,
                });
                throw;
            }

            var at = _context.Time.GetUtcNow();
            _inForce = policy;
            _status = new FirewallStatus(true, hash, at);
            WriteAppliedHash(hash, at);
            var rules = ruleset.Chains.Sum(c => c.Rules.Count);
            DaemonLog.FirewallApplied(_logger, rules, hash, inForce ?? "none");
            _context.Events.Add(EventKinds.FirewallApply, $"firewall ({why}): {rules} rules applied, hash {hash}", new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["rules_hash"] = hash,
                ["previous"] = inForce ?? "",
            });
            return $"firewall: rules {hash} applied (were {inForce ?? "none"})";
        }
        finally
        {
            _one.Release();
        }
    }

    private string? ReadAppliedHash()
    {
        try
        {
            var lines = File.ReadAllLines(AppliedFile);
            return lines.Length > 0 && lines[0].Length > 0 ? lines[0] : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private DateTimeOffset? ReadAppliedAt()
    {
        try
        {
            var lines = File.ReadAllLines(AppliedFile);
            return lines.Length > 1 && DateTimeOffset.TryParse(lines[1], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private void WriteAppliedHash(string hash, DateTimeOffset at)
    {
        try
        {
            var temporary = AppliedFile + ".new";
            File.WriteAllText(temporary, hash + "\n" + at.ToString("O", CultureInfo.InvariantCulture) + "\n");
            File.Move(temporary, AppliedFile, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            DaemonLog.FirewallRecordFailed(_logger, AppliedFile, e.Message);
        }
    }
}
