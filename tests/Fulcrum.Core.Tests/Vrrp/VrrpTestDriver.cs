using Fulcrum.Core.Vrrp;
using Microsoft.Extensions.Time.Testing;

namespace Fulcrum.Core.Tests.Vrrp;

/// <summary>
/// What the real VRRP thread will do, minus sockets: carries timer actions out on a
/// <see cref="FakeTimeProvider"/> and feeds expiries back, so tests step time by hand.
/// Events go through the sync group when there is one.
/// </summary>
internal sealed class VrrpTestDriver
{
    private readonly Dictionary<VrrpInstance, (VrrpEvent Expiry, DateTimeOffset Due)> _armed = [];

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public VrrpSyncGroup? Group { get; set; }

    /// <summary>Every action carried out so far, with its instance.</summary>
    public List<(VrrpInstance Instance, VrrpAction Action)> Log { get; } = [];

    public VrrpInstance CreateInstance(VrrpInstanceOptions options) => new(options, Time);

    /// <summary>Delivers one event and returns the actions it produced for <paramref name="instance"/>.</summary>
    public IReadOnlyList<VrrpAction> Send(VrrpInstance instance, VrrpEvent vrrpEvent) =>
        ActionsFor(instance, Deliver(instance, vrrpEvent));

    /// <summary>Delivers one event and returns every member's actions.</summary>
    public IReadOnlyList<VrrpMemberActions> Deliver(VrrpInstance instance, VrrpEvent vrrpEvent)
    {
        var results = Group is null
            ? [new VrrpMemberActions(instance, instance.Handle(vrrpEvent))]
            : Group.Handle(instance, vrrpEvent);
        Apply(results);
        return results;
    }

    public IReadOnlyList<VrrpMemberActions> StartGroup() => Apply(Group!.Startup());

    /// <summary>Moves time on by <paramref name="span"/>, firing due timers in order; returns the actions they produced.</summary>
    public IReadOnlyList<(VrrpInstance Instance, VrrpAction Action)> Advance(TimeSpan span)
    {
        var end = Time.GetUtcNow() + span;
        var fired = new List<(VrrpInstance, VrrpAction)>();
        while (_armed.Count > 0)
        {
            var (instance, (expiry, due)) = _armed.MinBy(t => t.Value.Due);
            if (due > end)
            {
                break;
            }

            Time.SetUtcNow(due);
            _armed.Remove(instance);
            fired.AddRange(Deliver(instance, expiry).SelectMany(r => r.Actions.Select(a => (r.Instance, a))));
        }

        Time.SetUtcNow(end);
        return fired;
    }

    public TimeSpan? TimeToTimer(VrrpInstance instance) =>
        _armed.TryGetValue(instance, out var armed) ? armed.Due - Time.GetUtcNow() : null;

    private static IReadOnlyList<VrrpAction> ActionsFor(VrrpInstance instance, IReadOnlyList<VrrpMemberActions> results) =>
        [.. results.Where(r => r.Instance == instance).SelectMany(r => r.Actions)];

    private IReadOnlyList<VrrpMemberActions> Apply(IReadOnlyList<VrrpMemberActions> results)
    {
        foreach (var (instance, actions) in results)
        {
            foreach (var action in actions)
            {
                Log.Add((instance, action));
                switch (action)
                {
                    case VrrpArmAdvertTimer arm:
                        _armed[instance] = (new VrrpAdvertTimerExpired(), Time.GetUtcNow() + arm.Delay);
                        break;
                    case VrrpArmMasterDownTimer arm:
                        _armed[instance] = (new VrrpMasterDownTimerExpired(), Time.GetUtcNow() + arm.Delay);
                        break;
                    case VrrpCancelTimers:
                        _armed.Remove(instance);
                        break;
                }
            }
        }

        return results;
    }
}
