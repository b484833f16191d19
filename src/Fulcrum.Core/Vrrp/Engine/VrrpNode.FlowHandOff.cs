using System.Net;

namespace Fulcrum.Core.Vrrp;

/// <summary>
/// The flow hand-off (<see cref="IFlowHandOff"/>). A switch-over moves the VIPs, not the flows: the
/// flows the old master was carrying have conntrack entries there only. A client's next packet of
/// such a flow is picked up by the new master's conntrack mid-stream (loose pickup), but a real
/// server's FIN, RST or SYN-ACK is not — conntrack only adopts a flow from a packet without those
/// flags — so the new master drops it as invalid and the client never sees the connection end. When
/// the old master is known to be alive (it sent priority 0 — a graceful stop or <c>fulcrum failover</c> —
/// or it was advertising right up to the takeover, as when this node preempts it), the new master
/// sends such packets back to it for <see cref="VrrpNodeOptions.FlowHandOff"/>; it still has the
/// entries and forwards them. After a hard failure (no advert for Master_Down_Interval) there is
/// nobody to send them to, and nothing is opened.
/// </summary>
public sealed partial class VrrpNode
{
    private readonly IFlowHandOff? _flowHandOff;
    private bool _handOffPending;
    private long? _handOffDeadline;

    /// <summary>True while the flow hand-off is open.</summary>
    public bool IsHandingOffFlows => _handOffDeadline is not null;

    /// <summary>
    /// How recently the previous master must have been heard on a link, when the group becomes master,
    /// to count as alive: two advert intervals (a master that resigned was heard a Skew_Time ago, one
    /// that is preempted at most one interval ago; a dead one Master_Down_Interval ago).
    /// </summary>
    public static TimeSpan PeerAliveWindow(VrrpMemberOptions member)
    {
        ArgumentNullException.ThrowIfNull(member);
        return 2 * member.Instance.AdvertisementInterval;
    }

    private void RememberPeer(VrrpMember member, IPAddress source)
    {
        member.PeerHeardAt = _time.GetTimestamp();
        member.PeerAddress = source;
    }

    // From Publish: a member entered or left Master.
    private void OnMastershipChanged(VrrpStateChanged changed)
    {
        if (changed.From == VrrpState.Master)
        {
            _handOffPending = false;
            CloseFlowHandOff("left master");
        }
        else if (changed.To == VrrpState.Master)
        {
            _handOffPending = true;
        }
    }

    // After every input's actions: once the whole group is master, open the hand-off when the previous
    // master is alive on every link.
    private void EvaluateFlowHandOff()
    {
        if (!_handOffPending || _members.Any(m => m.Instance.State != VrrpState.Master))
        {
            return;
        }

        _handOffPending = false;
        if (_flowHandOff is null || _options.FlowHandOff <= TimeSpan.Zero)
        {
            return;
        }

        var now = _time.GetTimestamp();
        var links = new List<FlowHandOffLink>(_members.Length);
        foreach (var member in _members)
        {
            var window = PeerAliveWindow(member.Options);
            if (member.PeerHeardAt is not { } heard || member.PeerAddress is not { } peer)
            {
                return; // no other router ever heard on this link: nobody to hand off to
            }

            if (_time.GetElapsedTime(heard, now) > window)
            {
                VrrpLog.NoFlowHandOff(_logger, _options.GroupName, member.Options.Interface, window);
                return;
            }

            try
            {
                links.Add(new FlowHandOffLink(member.Options.Interface, _addresses.GetLink(member.Options.Interface).Index, peer));
            }
#pragma warning disable CA1031 // Mastership goes on without the hand-off.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                VrrpLog.ActionFailed(_logger, member.Name, $"reading {member.Options.Interface} for the flow hand-off", exception);
                return;
            }
        }

        try
        {
            _flowHandOff.Open(links, _options.FlowHandOff);
        }
#pragma warning disable CA1031 // Mastership goes on without the hand-off.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            VrrpLog.ActionFailed(_logger, _options.GroupName, "opening the flow hand-off", exception);
            return;
        }

        _handOffDeadline = now + ToTimestampDelta(_options.FlowHandOff);
        _metrics.FlowHandOffOpened();
        VrrpLog.FlowHandOffOpened(_logger, _options.GroupName, _options.FlowHandOff, string.Join(", ", links));
    }

    private void RunDueFlowHandOff(long now)
    {
        if (_handOffDeadline is { } deadline && deadline <= now)
        {
            CloseFlowHandOff("its time is over");
        }
    }

    private void CloseFlowHandOff(string why)
    {
        if (_handOffDeadline is null)
        {
            return;
        }

        _handOffDeadline = null;
        try
        {
            _flowHandOff!.Close();
        }
#pragma warning disable CA1031 // Logged; the VRRP thread goes on.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            VrrpLog.ActionFailed(_logger, _options.GroupName, "closing the flow hand-off", exception);
            return;
        }

        VrrpLog.FlowHandOffClosed(_logger, _options.GroupName, why);
    }
}
