using Fulcrum.Core.Firewall;

namespace Fulcrum.Core.Tests.Daemon;

/// <summary>An <see cref="IFirewall"/> that records every call (<c>is_applied</c>, <c>apply HASH</c>, ...) and can refuse applies.</summary>
internal sealed class RecordingFirewall : IFirewall
{
    public List<string> Calls { get; } = [];

    public List<FirewallPolicy> Policies { get; } = [];

    /// <summary>Whether the table is "in the kernel".</summary>
    public bool Applied { get; set; }

    /// <summary>When set, <see cref="ApplyAsync"/> throws as a kernel refusal would (nothing changes).</summary>
    public string? Refuse { get; set; }

    public Task<FirewallRuleset> ApplyAsync(FirewallPolicy policy, CancellationToken cancellationToken)
    {
        var ruleset = FirewallRenderer.Render(policy);
        Calls.Add("apply " + ruleset.Hash());
        if (Refuse is { } error)
        {
            throw new FirewallException(error);
        }

        Policies.Add(policy);
        Applied = true;
        return Task.FromResult(ruleset);
    }

    public Task<bool> IsAppliedAsync(CancellationToken cancellationToken)
    {
        Calls.Add("is_applied");
        return Task.FromResult(Applied);
    }

    public Task<IReadOnlyDictionary<string, ulong>> ReadCountersAsync(CancellationToken cancellationToken)
    {
        Calls.Add("read_counters");
        return Task.FromResult<IReadOnlyDictionary<string, ulong>>(new Dictionary<string, ulong>());
    }

    public Task RemoveAsync(CancellationToken cancellationToken)
    {
        Calls.Add("remove");
        Applied = false;
        return Task.CompletedTask;
    }
}
