namespace Fulcrum.Core.Vrrp;

/// <summary>
/// Instances that fail over together (keepalived's <c>vrrp_sync_group</c>): Fulcrum's public and
/// private VIPs must live on the same balancer, or replies from the real servers would bypass the
/// connection tracking that rewrites them.
/// </summary>
/// <remarks>
/// Rules, applied after every event:
/// <list type="bullet">
/// <item>A member with a fault holds every member in Fault; when the last fault clears, all return to Backup.</item>
/// <item>A member demoted from Master (a better master on its link) takes the other masters to Backup;
/// they resign with a priority-0 advert so their own links' backups take over at Skew_Time.</item>
/// <item>A member in Backup that hears its master resign (priority 0) cuts the other Backup members'
/// Master_Down_Timers to their Skew_Time too: the peer is a sync group as well, so its master resigns
/// every link at once — and on a link it can no longer reach (its link went down, which is why it
/// resigned) no priority-0 advert arrives. Without this the group would wait for that member's full
/// Master_Down_Interval. (keepalived waits; RFC 5798 knows no sync groups.)</item>
/// <item>A member's expired Master_Down_Timer only marks it ready. The members become Master together
/// once every running member is ready or already Master. Preferring Backup until all agree is
/// keepalived's rule against thrashing when only one link loses the adverts.</item>
/// </list>
/// Members in Initialize (not started) take no part.
/// </remarks>
public sealed class VrrpSyncGroup
{
    /// <summary>Creates a group over <paramref name="members"/>, which must not belong to another group.</summary>
    public VrrpSyncGroup(string name, IReadOnlyList<VrrpInstance> members)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count == 0 || members.Distinct().Count() != members.Count)
        {
            throw new ArgumentException("A sync group needs distinct members.", nameof(members));
        }

        if (members.Any(m => m.DefersMasterToSyncGroup))
        {
            throw new ArgumentException("An instance belongs to at most one sync group.", nameof(members));
        }

        foreach (var member in members)
        {
            member.DefersMasterToSyncGroup = true;
        }

        Name = name;
        Members = members;
    }

    /// <summary>The group's name, for logs.</summary>
    public string Name { get; }

    /// <summary>The members, in configuration order.</summary>
    public IReadOnlyList<VrrpInstance> Members { get; }

    /// <summary>Starts every member.</summary>
    public IReadOnlyList<VrrpMemberActions> Startup()
    {
        var results = new List<VrrpMemberActions>();
        foreach (var member in Members)
        {
            Deliver(member, new VrrpStartup(), results);
        }

        Synchronise(demoted: null, results);
        return results;
    }

    /// <summary>Stops every member.</summary>
    public IReadOnlyList<VrrpMemberActions> Shutdown()
    {
        var results = new List<VrrpMemberActions>();
        foreach (var member in Members)
        {
            Deliver(member, new VrrpShutdown(), results);
        }

        return results;
    }

    /// <summary>Feeds an event for <paramref name="member"/> in and returns every member's resulting actions.</summary>
    public IReadOnlyList<VrrpMemberActions> Handle(VrrpInstance member, VrrpEvent vrrpEvent)
    {
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(vrrpEvent);
        if (!Members.Contains(member))
        {
            throw new ArgumentException($"Instance '{member.Options.Name}' is not a member of sync group '{Name}'.", nameof(member));
        }

        var results = new List<VrrpMemberActions>();
        if (vrrpEvent is VrrpFaultCleared && Members.Any(m => m != member && m.IsFaultRaised))
        {
            // Another member is still faulty: the group stays in Fault.
            member.ClearFaultHeldByGroup();
            return results;
        }

        var wasMaster = member.State == VrrpState.Master;
        var masterResigned = member.State == VrrpState.Backup
            && vrrpEvent is VrrpAdvertReceived { Advertisement.Priority: VrrpConstants.PriorityStop };
        Deliver(member, vrrpEvent, results);
        if (masterResigned)
        {
            foreach (var other in Members.Where(m => m != member && m.State == VrrpState.Backup))
            {
                Deliver(other, new VrrpSyncMasterResigned(), results);
            }
        }

        var demoted = wasMaster && member.State == VrrpState.Backup ? member : null;
        Synchronise(demoted, results);
        return results;
    }

    private void Synchronise(VrrpInstance? demoted, List<VrrpMemberActions> results)
    {
        var running = Members.Where(m => m.State != VrrpState.Initialize).ToList();

        if (running.Any(m => m.IsFaultRaised))
        {
            Force(running, VrrpState.Fault, results);
            return;
        }

        if (running.Any(m => m.State == VrrpState.Fault))
        {
            Force(running, VrrpState.Backup, results);
            return;
        }

        if (demoted is not null)
        {
            Force(running, VrrpState.Backup, results);
            return;
        }

        var allAgree = running.All(m => m.State == VrrpState.Master || m.IsReadyForMaster);
        if (allAgree && running.Any(m => m.IsReadyForMaster))
        {
            Force(running, VrrpState.Master, results);
        }
    }

    private static void Force(List<VrrpInstance> members, VrrpState target, List<VrrpMemberActions> results)
    {
        foreach (var member in members.Where(m => m.State != target))
        {
            var reason = target == VrrpState.Master && member.IsReadyForMaster
                ? VrrpTransitionReason.MasterDown
                : VrrpTransitionReason.SyncGroup;
            Deliver(member, new VrrpSyncTransition(target, reason), results);
        }
    }

    private static void Deliver(VrrpInstance member, VrrpEvent vrrpEvent, List<VrrpMemberActions> results)
    {
        var actions = member.Handle(vrrpEvent);
        if (actions.Count > 0)
        {
            results.Add(new VrrpMemberActions(member, actions));
        }
    }
}
