using System.Collections.Frozen;
using System.Net;
using Fulcrum.Core.Collections;
using Fulcrum.Core.Config;
using Fulcrum.Core.Net;

namespace Fulcrum.Core.Health;

/// <summary>
/// What one node probes: every distinct <see cref="ProbeTarget"/> of the configuration, each with
/// the servers (service, endpoint) that share it. Two services that check the same server the same
/// way cost one probe.
/// </summary>
public sealed class HealthPlan
{
    private readonly FrozenDictionary<ServerKey, ProbeTarget> _targetOf;
    private readonly FrozenDictionary<string, VirtualServiceConfig> _services;

    private HealthPlan(
        IReadOnlyList<VirtualServiceConfig> services,
        FrozenDictionary<ProbeTarget, EquatableArray<ServerKey>> targets,
        FrozenDictionary<ServerKey, ProbeTarget> targetOf)
    {
        Services = services;
        Targets = targets;
        _targetOf = targetOf;
        _services = services.DistinctBy(s => s.Name).ToFrozenDictionary(s => s.Name, StringComparer.Ordinal);
    }

    /// <summary>A plan that probes nothing.</summary>
    public static HealthPlan Empty { get; } = Build([], null);

    /// <summary>Every service of the configuration, checked or not (quorum needs them all).</summary>
    public IReadOnlyList<VirtualServiceConfig> Services { get; }

    /// <summary>Every distinct target and the servers that use it.</summary>
    public FrozenDictionary<ProbeTarget, EquatableArray<ServerKey>> Targets { get; }

    /// <summary>The plan of node <paramref name="view"/>: probes leave from its private address.</summary>
    public static HealthPlan Build(NodeView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return Build(view.Cluster.Services, view.PrivateAddress);
    }

    /// <summary>The plan for <paramref name="services"/>, probing from <paramref name="source"/> (null: the kernel's choice).</summary>
    public static HealthPlan Build(IReadOnlyList<VirtualServiceConfig> services, IPAddress? source)
    {
        ArgumentNullException.ThrowIfNull(services);
        var users = new Dictionary<ProbeTarget, (ProbeTarget Shared, List<ServerKey> Servers)>();
        var targetOf = new Dictionary<ServerKey, ProbeTarget>();
        foreach (VirtualServiceConfig service in services)
        {
            if (service.Check is not { } check)
            {
                continue;
            }

            foreach (RealServerConfig server in service.Servers)
            {
                var target = ProbeTarget.For(server.Endpoint, check, source);
                var key = new ServerKey(service.Name, server.Endpoint);
                if (!users.TryGetValue(target, out var entry))
                {
                    users[target] = entry = (target, []);
                }

                entry.Servers.Add(key);
                targetOf[key] = entry.Shared; // one instance per distinct target
            }
        }

        return new HealthPlan(
            [.. services],
            users.ToFrozenDictionary(p => p.Value.Shared, p => p.Value.Servers.ToEquatableArray()),
            targetOf.ToFrozenDictionary());
    }

    /// <summary>The target that decides the health of <paramref name="endpoint"/> in <paramref name="service"/>, or null when the service has no check.</summary>
    public ProbeTarget? TargetOf(string service, ServerEndpoint endpoint) =>
        _targetOf.GetValueOrDefault(new ServerKey(service, endpoint));

    /// <summary>The service called <paramref name="name"/>, or null.</summary>
    public VirtualServiceConfig? FindService(string name) => _services.GetValueOrDefault(name);

    /// <summary>The services that use <paramref name="target"/>.</summary>
    public IEnumerable<string> ServicesOf(ProbeTarget target) =>
        Targets.TryGetValue(target, out EquatableArray<ServerKey> servers) ? servers.Select(s => s.Service).Distinct() : [];
}
