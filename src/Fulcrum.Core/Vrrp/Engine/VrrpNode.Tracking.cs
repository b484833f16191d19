namespace Fulcrum.Core.Vrrp;

/// <summary>Tracking: link states polled from the kernel, and states reported from outside (health quorum, commands).</summary>
public sealed partial class VrrpNode
{
    private readonly VrrpTracking _tracking;
    private readonly string[] _trackedInterfaces;
    private long _trackDeadline;

    /// <summary>
    /// Reports the state of a tracked object (e.g. a service's quorum from the health engine).
    /// Untracked names are ignored.
    /// </summary>
    public void SetTrackedState(string name, bool up)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (_tracking.Set(name, up))
        {
            OnTrackingChanged(name, up, applyToInstances: IsRunning);
        }
    }

    /// <summary>Each member's own interface (weight 0: down is a fault) plus the configured objects.</summary>
    private static List<VrrpTrackedObject> TrackedObjects(VrrpNodeOptions options)
    {
        var configured = options.Tracking.ToList();
        foreach (var member in options.Members)
        {
            var name = VrrpTrackedObject.InterfaceName(member.Interface);
            if (!configured.Any(t => t.Name == name))
            {
                configured.Add(new VrrpTrackedObject(name, 0));
            }
        }

        return configured;
    }

    private void PollTrackedInterfaces(bool applyToInstances)
    {
        foreach (var interfaceName in _trackedInterfaces)
        {
            bool up;
            try
            {
                up = _addresses.GetLink(interfaceName).IsUsable;
            }
#pragma warning disable CA1031 // An interface that vanished is down.
            catch (Exception)
#pragma warning restore CA1031
            {
                up = false;
            }

            var name = VrrpTrackedObject.InterfaceName(interfaceName);
            if (_tracking.Set(name, up))
            {
                OnTrackingChanged(name, up, applyToInstances);
            }
        }
    }

    private void OnTrackingChanged(string name, bool up, bool applyToInstances)
    {
        var fault = _tracking.IsFault;
        VrrpLog.TrackingChanged(_logger, name, up ? "up" : "down", fault, _tracking.EffectivePriority(_members[0].Options.Instance.Priority));
        if (!applyToInstances)
        {
            return;
        }

        foreach (var member in _members)
        {
            var priority = _tracking.EffectivePriority(member.Options.Instance.Priority);
            if (priority != member.Instance.Priority)
            {
                Dispatch(member, new VrrpPriorityChanged(priority));
            }
        }

        foreach (var member in _members)
        {
            if (fault && !member.Instance.IsFaultRaised)
            {
                Dispatch(member, new VrrpFaultRaised());
            }
            else if (!fault && member.Instance.IsFaultRaised)
            {
                Dispatch(member, new VrrpFaultCleared());
            }
        }
    }
}
