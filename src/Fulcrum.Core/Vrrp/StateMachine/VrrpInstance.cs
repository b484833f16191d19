namespace Fulcrum.Core.Vrrp;

/// <summary>
/// One virtual router, as the pure state machine of RFC 5798 §6.4 (v3) and RFC 3768 §6.4 (v2),
/// plus a Fault state for tracking. Events go in through <see cref="Handle"/>; the actions to carry
/// out come back, in order. Nothing here touches a socket, a timer or a thread.
/// </summary>
/// <remarks>
/// <para>
/// Timers are actions, not objects: the instance says "arm the master-down timer for 3.6 s" and the
/// driver (the dedicated VRRP thread) arms it and later feeds back
/// <see cref="VrrpMasterDownTimerExpired"/>. The alternative, the instance owning <see cref="ITimer"/>s
/// from <see cref="TimeProvider.CreateTimer"/>, would call back on thread-pool threads concurrently
/// with packet events and need a lock inside a state machine meant to be stepped one event at a
/// time; with actions, a single thread serialises every input and tests step it explicitly.
/// </para>
/// <para>
/// An instance has at most one timer armed: the Adver_Timer in Master, the Master_Down_Timer in
/// Backup. Arming one replaces the other; the driver delivers an expiry only for the arming in force.
/// The <see cref="TimeProvider"/> is used only for timestamps (preempt delay, last transition).
/// </para>
/// </remarks>
public sealed partial class VrrpInstance
{
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates an instance in <see cref="VrrpState.Initialize"/>.</summary>
    /// <exception cref="ArgumentException">The options are not valid; the message lists every problem.</exception>
    public VrrpInstance(VrrpInstanceOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException($"VRRP instance '{options.Name}': {string.Join("; ", errors)}.", nameof(options));
        }

        Options = options;
        _timeProvider = timeProvider;
        Priority = options.Priority;
        MasterAdvertisementInterval = options.AdvertisementInterval;
    }

    /// <summary>The configuration.</summary>
    public VrrpInstanceOptions Options { get; }

    /// <summary>Current state.</summary>
    public VrrpState State { get; private set; } = VrrpState.Initialize;

    /// <summary>Effective priority: the configured one as adjusted by tracking.</summary>
    public byte Priority { get; private set; }

    /// <summary>Master_Adver_Interval: ours, or (v3, in Backup) the one learned from the master's adverts. RFC 5798 §6.1.</summary>
    public TimeSpan MasterAdvertisementInterval { get; private set; }

    /// <summary>Skew_Time for the current priority and Master_Adver_Interval. RFC 5798 §6.1.</summary>
    public TimeSpan SkewTime => VrrpTimerIntervals.SkewTime(Options.Version, Priority, MasterAdvertisementInterval);

    /// <summary>Master_Down_Interval for the current priority and Master_Adver_Interval. RFC 5798 §6.1.</summary>
    public TimeSpan MasterDownInterval => VrrpTimerIntervals.MasterDownInterval(Options.Version, Priority, MasterAdvertisementInterval);

    /// <summary>Whether tracking currently reports a fault for this instance.</summary>
    public bool IsFaultRaised { get; private set; }

    /// <summary>When the state last changed, by the injected clock; null before the first change.</summary>
    public DateTimeOffset? LastTransitionAt { get; private set; }

    /// <summary>Feeds one event in and returns the actions to carry out, in order (often none).</summary>
    /// <exception cref="ArgumentException">An advert for another VRID or version was routed here.</exception>
    public IReadOnlyList<VrrpAction> Handle(VrrpEvent vrrpEvent)
    {
        ArgumentNullException.ThrowIfNull(vrrpEvent);
        var actions = new List<VrrpAction>();
        switch (vrrpEvent)
        {
            case VrrpStartup:
                OnStartup(actions);
                break;
            case VrrpShutdown:
                OnShutdown(actions);
                break;
            case VrrpAdvertReceived received:
                OnAdvertReceived(received, actions);
                break;
            case VrrpMasterDownTimerExpired when State == VrrpState.Backup:
                OnMasterDownTimerExpired(actions);
                break;
            case VrrpAdvertTimerExpired when State == VrrpState.Master:
                SendAdvertAndRearm(actions);
                break;
            case VrrpPriorityChanged changed:
                OnPriorityChanged(changed.EffectivePriority, actions);
                break;
            case VrrpFaultRaised:
                IsFaultRaised = true;
                EnterFault(VrrpTransitionReason.FaultRaised, actions);
                break;
            case VrrpFaultCleared:
                OnFaultCleared(actions);
                break;
            case VrrpSyncTransition sync:
                OnSyncTransition(sync, actions);
                break;
            case VrrpSyncMasterResigned when State == VrrpState.Backup && !IsReadyForMaster:
                // As if this link's master had sent priority 0 (RFC 5798 §6.4.2): Skew_Time.
                actions.Add(new VrrpArmMasterDownTimer(SkewTime));
                break;
            default:
                // A timer expiry for a timer the current state does not run: stale, ignore it.
                break;
        }

        return actions;
    }

    private void OnStartup(List<VrrpAction> actions)
    {
        if (State != VrrpState.Initialize)
        {
            return;
        }

        // RFC 5798 §6.4.1: priority is never 255 here, so every start is as a backup.
        if (IsFaultRaised)
        {
            TransitionTo(VrrpState.Fault, VrrpTransitionReason.Startup, actions);
        }
        else
        {
            EnterBackup(VrrpTransitionReason.Startup, actions);
        }
    }

    private void OnShutdown(List<VrrpAction> actions)
    {
        if (State == VrrpState.Initialize)
        {
            return;
        }

        StopActing(actions);
        TransitionTo(VrrpState.Initialize, VrrpTransitionReason.Shutdown, actions);
    }

    /// <summary>
    /// Leaves Master or Backup: timers cancelled; a master resigns with a priority-0 advert
    /// (RFC 5798 §6.4.3) so a backup takes over after Skew_Time rather than Master_Down_Interval,
    /// then gives up its addresses.
    /// </summary>
    private void StopActing(List<VrrpAction> actions)
    {
        if (State is not (VrrpState.Master or VrrpState.Backup))
        {
            return;
        }

        actions.Add(new VrrpCancelTimers());
        if (State == VrrpState.Master)
        {
            actions.Add(new VrrpSendAdvert(CreateAdvertisement(VrrpConstants.PriorityStop)));
            actions.Add(new VrrpRemoveVirtualAddresses());
        }
    }

    private void OnAdvertReceived(VrrpAdvertReceived received, List<VrrpAction> actions)
    {
        ArgumentNullException.ThrowIfNull(received.Advertisement);
        ArgumentNullException.ThrowIfNull(received.Source);
        var advertisement = received.Advertisement;
        if (advertisement.VirtualRouterId != Options.VirtualRouterId || advertisement.Version != Options.Version)
        {
            throw new ArgumentException(
                $"Advert for VRID {advertisement.VirtualRouterId} v{(int)advertisement.Version} routed to instance "
                + $"'{Options.Name}' (VRID {Options.VirtualRouterId} v{(int)Options.Version}).",
                nameof(received));
        }

        if (State == VrrpState.Backup)
        {
            OnAdvertInBackup(received, actions);
        }
        else if (State == VrrpState.Master)
        {
            OnAdvertInMaster(received, actions);
        }
    }

    private void OnPriorityChanged(byte priority, List<VrrpAction> actions)
    {
        if (priority is VrrpConstants.PriorityStop or VrrpConstants.PriorityOwner)
        {
            throw new ArgumentOutOfRangeException(nameof(priority), priority, "An effective priority is 1–254 (RFC 5798 §5.2.4).");
        }

        if (priority == Priority)
        {
            return;
        }

        Priority = priority;

        // Tell the backups at once rather than at the next interval, so a preempting backup
        // starts its count without waiting one more Advertisement_Interval.
        if (State == VrrpState.Master)
        {
            SendAdvertAndRearm(actions);
        }
    }

    private void OnFaultCleared(List<VrrpAction> actions)
    {
        IsFaultRaised = false;
        if (State == VrrpState.Fault)
        {
            EnterBackup(VrrpTransitionReason.FaultCleared, actions);
        }
    }

    private void EnterFault(VrrpTransitionReason reason, List<VrrpAction> actions)
    {
        if (State is VrrpState.Initialize or VrrpState.Fault)
        {
            return;
        }

        StopActing(actions);
        TransitionTo(VrrpState.Fault, reason, actions);
    }

    /// <summary>RFC 5798 §6.4.1 (non-owner branch): Master_Adver_Interval = Advertisement_Interval, arm Master_Down_Timer.</summary>
    private void EnterBackup(VrrpTransitionReason reason, List<VrrpAction> actions)
    {
        MasterAdvertisementInterval = Options.AdvertisementInterval;
        ResetBackupBookkeeping();
        actions.Add(new VrrpArmMasterDownTimer(MasterDownInterval));
        TransitionTo(VrrpState.Backup, reason, actions);
    }

    private void TransitionTo(VrrpState target, VrrpTransitionReason reason, List<VrrpAction> actions)
    {
        var from = State;
        State = target;
        LastTransitionAt = _timeProvider.GetUtcNow();
        actions.Add(new VrrpStateChanged(from, target, reason));
    }

    private VrrpAdvertisement CreateAdvertisement(byte priority) => new(
        Options.Version,
        Options.VirtualRouterId,
        priority,
        Options.AdvertisementIntervalCentiseconds,
        Options.VirtualAddresses);
}
