using Fulcrum.Core.Collections;
using Fulcrum.Core.Config;
using Fulcrum.Core.DataPlane;
using Fulcrum.Core.Net;

namespace Fulcrum.Core.Health;

/// <summary>
/// The health state of every target of the current <see cref="HealthPlan"/>: records probe results,
/// carries state over reloads, answers effective weights and quorum. Pure and single-threaded:
/// the engine serialises every call; time comes in as arguments.
/// </summary>
/// <remarks>
/// Quorum is counted, not recomputed: a reload counts every service's usable servers once
/// (<see cref="ServiceQuorum.Evaluate"/>); a transition then moves the counts of only the services
/// that share the target, so recording costs O(services of the target) however large a service is
/// (with 5,000 servers in one service, a mass failure would otherwise cost 5,000 × 5,000 lookups).
/// </remarks>
public sealed class HealthBook
{
    private readonly Dictionary<ProbeTarget, ServerHealth> _states = [];
    private readonly Dictionary<string, ServiceHealth> _reported = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ServiceHealth> _current = new(StringComparer.Ordinal);
    private readonly Dictionary<ServerKey, ushort> _configuredWeights = [];

    /// <summary>The plan in force.</summary>
    public HealthPlan Plan { get; private set; } = HealthPlan.Empty;

    /// <summary>
    /// Switches to <paramref name="plan"/>: kept targets keep their state, removed ones are forgotten,
    /// added ones start <see cref="HealthStatus.Unknown"/>. Services whose health changed (or that are
    /// new) are reported in <paramref name="services"/>.
    /// </summary>
    public HealthPlanDiff Apply(HealthPlan plan, DateTimeOffset at, out IReadOnlyList<ServiceHealthChanged> services)
    {
        ArgumentNullException.ThrowIfNull(plan);
        HealthPlanDiff diff = HealthPlanDiff.Between(Plan, plan);
        foreach (ProbeTarget removed in diff.Removed)
        {
            _states.Remove(removed);
        }

        foreach (ProbeTarget added in diff.Added)
        {
            _states[added] = new ServerHealth(added.Check);
        }

        Plan = plan;
        _configuredWeights.Clear();
        _current.Clear();
        foreach (VirtualServiceConfig service in plan.Services)
        {
            foreach (RealServerConfig server in service.Servers)
            {
                _configuredWeights[new ServerKey(service.Name, server.Endpoint)] = server.Weight;
            }

            _current[service.Name] = ServiceQuorum.Evaluate(service, EffectiveWeight);
        }

        foreach (string gone in _reported.Keys.Where(name => plan.FindService(name) is null).ToList())
        {
            _reported.Remove(gone);
        }

        services = ServiceChanges(plan.Services.Select(s => s.Name), at);
        return diff;
    }

    /// <summary>
    /// Records a probe result. A result for a target that is no longer in the plan (it finished after
    /// a reload removed it) changes nothing.
    /// </summary>
    public HealthUpdate Record(ProbeTarget target, ProbeResult result, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!_states.TryGetValue(target, out ServerHealth? state))
        {
            return HealthUpdate.None;
        }

        if (state.Record(result) is not { } change)
        {
            return HealthUpdate.None;
        }

        EquatableArray<ServerKey> servers = Plan.Targets[target];
        foreach (ServerKey key in servers)
        {
            ushort configured = _configuredWeights[key];
            bool usableBefore = change.WasInPool && (change.PreviousWeight ?? configured) > 0;
            bool usableNow = change.InPool && (change.Weight ?? configured) > 0;
            if (usableBefore != usableNow && _current.TryGetValue(key.Service, out ServiceHealth health))
            {
                _current[key.Service] = health with { Usable = health.Usable + (usableNow ? 1 : -1) };
            }
        }

        var server = new ServerHealthChanged(target, servers, change, at);
        return new HealthUpdate(server, ServiceChanges(servers.Select(s => s.Service).Distinct(), at));
    }

    /// <summary>The state of <paramref name="target"/>, or null when it is not in the plan.</summary>
    public ServerHealth? StateOf(ProbeTarget target) => _states.GetValueOrDefault(target);

    /// <summary>
    /// The effective weight of a server: the configured (or dynamic) weight while it is in the pool, 0
    /// while it is not. Servers of services without a check, and unknown services, keep the configured weight.
    /// Matches <see cref="ServerWeightPolicy"/>.
    /// </summary>
    public ushort EffectiveWeight(string service, ServerEndpoint server, ushort configuredWeight)
    {
        if (Plan.TargetOf(service, server) is not { } target || !_states.TryGetValue(target, out ServerHealth? state))
        {
            return configuredWeight;
        }

        return state.InPool ? state.DynamicWeight ?? configuredWeight : (ushort)0;
    }

    /// <summary>The health of the service called <paramref name="name"/>, or null when it is not configured.</summary>
    public ServiceHealth? Service(string name) =>
        _current.TryGetValue(name, out ServiceHealth health) ? health : null;

    /// <summary>The health of every configured service, in configuration order.</summary>
    public IReadOnlyList<ServiceHealth> Services() =>
        [.. Plan.Services.Select(s => _current[s.Name])];

    private List<ServiceHealthChanged> ServiceChanges(IEnumerable<string> names, DateTimeOffset at)
    {
        var changes = new List<ServiceHealthChanged>();
        foreach (string name in names)
        {
            ServiceHealth now = _current[name];
            bool known = _reported.TryGetValue(name, out ServiceHealth before);
            _reported[name] = now;
            if (!known || before.IsUp != now.IsUp || before.Quorum != now.Quorum)
            {
                changes.Add(new ServiceHealthChanged(known ? before : null, now, at));
            }
        }

        return changes;
    }
}
