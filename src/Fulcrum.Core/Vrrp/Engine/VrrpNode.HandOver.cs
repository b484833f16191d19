namespace Fulcrum.Core.Vrrp;

/// <summary>
/// Graceful hand-over (<c>fulcrum failover</c>): the master lowers its priority to 1 and resigns with
/// a priority-0 advert (the peer takes over after its Skew_Time), then stays backup. Like a graceful
/// stop it keeps each member's VIPs until the new master's advert is heard on that link (at most
/// <see cref="ReleaseTimeout"/>; see <see cref="IsReleasing"/>), so no moment passes with nobody
/// holding them. When the peer's
/// adverts are accepted (the peer is master), the normal priority returns; the instance's own
/// preempt delay then holds it back for <c>preempt_delay</c> before a preempting node takes the
/// VIPs back (with <c>preempt: false</c> it stays backup). Should no peer take over, the node becomes
/// master again by its own Master_Down_Timer and the hand-over ends there.
/// </summary>
public sealed partial class VrrpNode
{
    private const byte HandOverPriority = 1;
    private bool _handingOver;

    /// <summary>True from <see cref="HandOver"/> until the peer is master (or this node is master again).</summary>
    public bool IsHandingOver => _handingOver;

    /// <summary>Starts a hand-over; false (nothing done) unless every member is master.</summary>
    public bool HandOver()
    {
        if (!IsRunning || _handingOver || _members.Any(m => m.Instance.State != VrrpState.Master))
        {
            return false;
        }

        _handingOver = true;
        VrrpLog.HandingOver(_logger, _options.GroupName, HandOverPriority);
        foreach (var member in _members)
        {
            Dispatch(member, new VrrpPriorityChanged(HandOverPriority));
        }

        // The group follows the first member to Backup; each master resigns with priority 0 and keeps its VIPs for now.
        ExecuteReleasing(_group.Handle(_members[0].Instance, new VrrpSyncTransition(VrrpState.Backup, VrrpTransitionReason.HandOver)));
        return true;
    }

    // After every input: the peer is master (every member follows a master), or we are master again.
    private void CheckHandOver()
    {
        if (!_handingOver)
        {
            return;
        }

        var peerIsMaster = _members.All(m => m.Instance is { State: VrrpState.Backup, MasterAddress: not null });
        var masterAgain = _members.Any(m => m.Instance.State is VrrpState.Master);
        if (!peerIsMaster && !masterAgain && !_members.Any(m => m.Instance.State is VrrpState.Fault or VrrpState.Initialize))
        {
            return;
        }

        _handingOver = false;
        foreach (var member in _members)
        {
            var priority = _tracking.EffectivePriority(member.Options.Instance.Priority);
            Dispatch(member, new VrrpPriorityChanged(priority));
        }

        VrrpLog.HandOverDone(_logger, _options.GroupName, _members[0].Instance.State, _members[0].Instance.Priority);
    }
}
