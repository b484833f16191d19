using System.Net;

namespace Fulcrum.Core.Vrrp;

/// <summary>
/// Releasing the VIPs when a master resigns on purpose — a graceful stop (<see cref="BeginStop"/>)
/// or a graceful hand-over (<see cref="HandOver"/>). Every master resigns with a priority-0 advert
/// (RFC 5798 §6.4.3) at once, but keeps its virtual addresses until the new master's advert on that
/// link is heard (the backup took over after its Skew_Time, added the VIPs and announced them), at
/// most <see cref="ReleaseTimeout"/>. Until then this node still answers ARP for the VIPs and
/// forwards through them, so a client never meets a moment where nobody holds a VIP. keepalived
/// removes the VIPs right after the priority-0 advert, leaving them unanswered for the backup's
/// Skew_Time.
/// </summary>
/// <remarks>
/// The overlap is short: the new master sends its first advert just before it adds the VIPs and
/// announces them, and this node removes its copy as soon as that advert arrives. A node that
/// hears no new master (no peer, or the peer in Fault) removes the VIPs at the timeout. The state
/// machines know nothing of it: they emit <see cref="VrrpRemoveVirtualAddresses"/> on Master →
/// Backup/Initialize as always, and the node defers that action for the input that resigns
/// (<see cref="ExecuteReleasing"/>); every other way out of Master (a better master heard, a fault)
/// still removes the VIPs at once.
/// </remarks>
public sealed partial class VrrpNode
{
    // Set only while the actions of a deliberate resignation are carried out.
    private bool _deferRemovals;

    /// <summary>
    /// True while a resigned master still holds VIPs, waiting for the new master: after
    /// <see cref="BeginStop"/>, or after <see cref="HandOver"/> (the node running as backup).
    /// </summary>
    public bool IsReleasing => _members.Any(m => m.ReleaseDeadline is not null);

    /// <summary>
    /// The longest a resigned master keeps a member's VIPs waiting for the new master: the Skew_Time of
    /// the lowest possible backup priority (1), after which any backup takes over, plus two
    /// Advertisement_Intervals for that backup's first advert to arrive on a loaded machine.
    /// </summary>
    public static TimeSpan ReleaseTimeout(VrrpMemberOptions member)
    {
        ArgumentNullException.ThrowIfNull(member);
        var instance = member.Instance;
        return VrrpTimerIntervals.SkewTime(instance.Version, 1, instance.AdvertisementInterval) + (2 * instance.AdvertisementInterval);
    }

    /// <summary>
    /// Starts a graceful stop: every instance stops (a master sends priority 0); a master's VIPs stay
    /// until the new master's advert is heard on that link or <see cref="ReleaseTimeout"/> passes.
    /// The caller keeps feeding adverts (<see cref="OnAdvert"/>) and timers (<see cref="RunDueTimers"/>)
    /// while <see cref="IsReleasing"/>.
    /// </summary>
    public void BeginStop()
    {
        if (!IsRunning)
        {
            return;
        }

        if (_resuming)
        {
            // Kept from before a restart and never announced: nobody relies on them here.
            _resuming = false;
            foreach (var member in _members)
            {
                ChangeAddresses(member, add: false);
            }
        }

        ExecuteReleasing(_group.Shutdown());
        foreach (var member in _members)
        {
            member.TimerDeadline = null;
            member.GratuitousArpDeadline = null;
        }

        IsRunning = false;
        _handingOver = false;
        if (!IsReleasing)
        {
            VrrpLog.Stopped(_logger, _options.GroupName);
        }
    }

    /// <summary>
    /// The advert interval a master announces in its last advert before a restart (VRRPv3): a backup
    /// adopts the master's interval (RFC 5798 §6.4.2), so the peer's Master_Down_Interval becomes
    /// 3 × 5 s + Skew_Time (15–20 s) instead of ~3.6 s at 1 s adverts: time for the next process to
    /// start even on a starved machine. A restart that never comes costs that much longer before the
    /// peer takes over; a crash (no last advert) still gives the configured interval. The next
    /// process's first advert carries the configured interval again.
    /// </summary>
    public static readonly TimeSpan RestartAdvertInterval = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Stops the group for a restart of the process: no priority-0 advert, every VIP stays, no address
    /// is touched. A master sends one last advert on every link at once, at its priority, so the peer's
    /// Master_Down_Interval counts from the stop rather than from the last periodic advert — and, with
    /// VRRPv3, announcing <see cref="RestartAdvertInterval"/> (when longer than its own), so that interval
    /// is long enough for the restart. The next run finds the VIPs and resumes mastership
    /// (<see cref="PreviousRunAliveAt"/>) before it runs out, so the peer never changes state.
    /// </summary>
    public void StopForRestart()
    {
        if (!IsRunning)
        {
            return;
        }

        foreach (var member in _members)
        {
            if (member.Instance.State == VrrpState.Master)
            {
                foreach (var send in member.Instance.Handle(new VrrpAdvertTimerExpired()).OfType<VrrpSendAdvert>())
                {
                    var advert = send.Advertisement;
                    if (advert.Version == VrrpVersion.V3 && advert.Interval < RestartAdvertInterval)
                    {
                        advert = advert with { IntervalCentiseconds = (ushort)(RestartAdvertInterval.Ticks / TimeSpan.TicksPerMillisecond / 10) };
                    }

                    SendAdvert(member, advert);
                }
            }

            member.TimerDeadline = null;
            member.GratuitousArpDeadline = null;
        }

        _resuming = false;
        IsRunning = false;
        _handingOver = false;
        VrrpLog.StoppedForRestart(_logger, _options.GroupName);
    }

    /// <summary>Stops the group at once: a master resigns with a priority-0 advert and removes its VIPs (RFC 5798 §6.4.3).</summary>
    public void Stop()
    {
        BeginStop();
        foreach (var member in _members.Where(m => m.ReleaseDeadline is not null))
        {
            Release(member, "stopped at once");
        }
    }

    // Carries out the actions of a deliberate resignation: the members' VrrpRemoveVirtualAddresses become releases.
    private void ExecuteReleasing(IReadOnlyList<VrrpMemberActions> results)
    {
        _deferRemovals = true;
        try
        {
            Execute(results);
        }
        finally
        {
            _deferRemovals = false;
        }
    }

    // On a resigning master's VrrpRemoveVirtualAddresses: keep them until the new master speaks.
    private void DeferRelease(VrrpMember member) =>
        member.ReleaseDeadline = _time.GetTimestamp() + ToTimestampDelta(ReleaseTimeout(member.Options));

    // An advert while releasing: a router with a priority above 0 on that link is the new master.
    private void OnAdvertWhileReleasing(VrrpMember member, VrrpAdvertisement advertisement, IPAddress source)
    {
        if (member.ReleaseDeadline is not null && advertisement.Priority != VrrpConstants.PriorityStop)
        {
            Release(member, $"{source} is master");
        }
    }

    private void RunDueReleases(long now)
    {
        foreach (var member in _members)
        {
            if (member.ReleaseDeadline is { } deadline && deadline <= now)
            {
                Release(member, "no new master heard in time");
            }
        }
    }

    // After every input while running (a hand-over's releases): a member in Fault takes the group out
    // of service, so the VIPs still held go at once; a member master again keeps its VIPs (its
    // VrrpAddVirtualAddresses ended that release already).
    private void CheckReleases()
    {
        if (!IsReleasing || !_members.Any(m => m.Instance.State is VrrpState.Fault))
        {
            return;
        }

        foreach (var member in _members.Where(m => m.ReleaseDeadline is not null))
        {
            Release(member, "the group is in fault");
        }
    }

    private void Release(VrrpMember member, string why)
    {
        member.ReleaseDeadline = null;
        ChangeAddresses(member, add: false);
        VrrpLog.Released(_logger, member.Name, why);
        if (!IsRunning && !IsReleasing)
        {
            VrrpLog.Stopped(_logger, _options.GroupName);
        }
    }
}
