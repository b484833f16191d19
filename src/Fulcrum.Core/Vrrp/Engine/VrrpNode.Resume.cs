namespace Fulcrum.Core.Vrrp;

/// <summary>
/// Resuming after a restart. A master that crashed (kill -9) leaves its VIPs on the interfaces, and
/// the peer keeps waiting for its Master_Down_Interval. When every member still holds all of its
/// VIPs at start, the node keeps them, starts as usual (Backup) but with each Master_Down_Timer cut
/// to <see cref="ResumeWindow"/> (one Advertisement_Interval and a quarter: a live master's advert
/// arrives within it). No other master heard: the timers expire and the group becomes master again,
/// with the addresses it never gave up (one gratuitous ARP round, adverts resume). A master heard
/// (an advert it accepts): the kept VIPs are removed at once and the node stays backup. When only
/// some VIPs are present, they are stale and are removed before anything is announced.
/// </summary>
/// <remarks>
/// When the caller knows when the previous run was last alive (<see cref="PreviousRunAliveAt"/>) and
/// that is less than 3 × Advertisement_Interval ago (the least a peer's Master_Down_Interval can be),
/// the peer cannot have taken over yet: the node resumes at once, without listening.
/// </remarks>
public sealed partial class VrrpNode
{
    private bool _resuming;

    /// <summary>
    /// When the previous run of this node was last known alive (e.g. a timestamp it kept writing);
    /// set before <see cref="Start"/>; null when unknown.
    /// </summary>
    public DateTimeOffset? PreviousRunAliveAt { get; set; }

    /// <summary>True while the node, restarted with its VIPs in place, listens for another master.</summary>
    public bool IsResuming => _resuming;

    /// <summary>How long a member listens for another master before resuming: 1.25 × its Advertisement_Interval.</summary>
    public static TimeSpan ResumeWindow(VrrpMemberOptions member)
    {
        ArgumentNullException.ThrowIfNull(member);
        return member.Instance.AdvertisementInterval * 1.25;
    }

    /// <summary>
    /// Whether every member's interface holds all of its virtual addresses — the test <see cref="Start"/>
    /// applies to resume rather than start afresh, so a caller can learn beforehand that the node will
    /// resume (the daemon starts VRRP first then). False when an interface cannot be read.
    /// </summary>
    public static bool HoldsEveryAddress(VrrpNodeOptions options, IAddressControl addresses)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(addresses);
        return options.Members.All(member => HoldsAllAddresses(member, addresses));
    }

    // At start, before the group starts: keep the VIPs when all are held, else remove the stale ones.
    private void PrepareResume()
    {
        _resuming = HoldsEveryAddress(_options, _addresses);
        if (_resuming)
        {
            return; // logged by ArmResumeWindow, which knows whether it listens
        }

        foreach (var member in _members)
        {
            RemoveStaleAddresses(member);
        }
    }

    // After the group started (members in Backup): listen only for the resume window.
    private void ArmResumeWindow()
    {
        if (!_resuming)
        {
            return;
        }

        var now = _time.GetTimestamp();
        var downFor = PreviousRunAliveAt is { } alive ? _time.GetUtcNow() - alive : (TimeSpan?)null;
        var longest = TimeSpan.Zero;
        foreach (var member in _members.Where(m => m.Instance.State == VrrpState.Backup))
        {
            var peerCannotHaveTakenOver = downFor is { } down && down >= TimeSpan.Zero && down < member.Options.Instance.AdvertisementInterval * 3;
            var window = peerCannotHaveTakenOver ? TimeSpan.Zero : ResumeWindow(member.Options);
            longest = window > longest ? window : longest;
            var deadline = now + ToTimestampDelta(window);
            member.TimerDeadline = member.TimerDeadline is { } armed ? Math.Min(armed, deadline) : deadline;
            member.TimerIsAdvert = false;
        }

        if (longest > TimeSpan.Zero)
        {
            VrrpLog.Resuming(_logger, _options.GroupName, longest);
        }
        else
        {
            VrrpLog.ResumingAtOnce(_logger, _options.GroupName, downFor ?? TimeSpan.Zero);
        }
    }

    // After every input: a master heard ends the resume (the kept VIPs go); mastership regained ends it too.
    private void CheckResume(VrrpMember? heardOn)
    {
        if (!_resuming)
        {
            return;
        }

        if (_members.Any(m => m.Instance.State is VrrpState.Master))
        {
            _resuming = false; // master again, with the addresses it kept
            return;
        }

        if (_members.Any(m => m.Instance.State is VrrpState.Fault or VrrpState.Initialize))
        {
            // A fault (or a stop) before mastership was regained: the kept addresses must go.
            _resuming = false;
            foreach (var member in _members)
            {
                ChangeAddresses(member, add: false);
            }

            return;
        }

        if (heardOn is { Instance: { State: VrrpState.Backup, MasterAddress: { } master } })
        {
            _resuming = false;
            VrrpLog.ResumeYielded(_logger, heardOn.Name, master);
            foreach (var member in _members)
            {
                ChangeAddresses(member, add: false);
            }
        }
    }

    private static bool HoldsAllAddresses(VrrpMemberOptions member, IAddressControl addresses)
    {
        try
        {
            var present = addresses.GetAddresses(member.Interface);
            return member.Instance.VirtualAddresses.All(vip => present.Any(a => a.Address.Equals(vip)));
        }
#pragma warning disable CA1031 // A missing interface: nothing to resume; tracking reports it.
        catch (Exception)
#pragma warning restore CA1031
        {
            return false;
        }
    }
}
