using System.Net;

namespace Fulcrum.Core.Vrrp;

/// <summary>Backup state: RFC 5798 §6.4.2, RFC 3768 §6.4.2.</summary>
public sealed partial class VrrpInstance
{
    private long? _lowerPriorityMasterSince;

    /// <summary>The source of the last advert accepted from a master, while in Backup.</summary>
    public IPAddress? MasterAddress { get; private set; }

    private void OnAdvertInBackup(VrrpAdvertReceived received, List<VrrpAction> actions)
    {
        var advertisement = received.Advertisement;

        // The master is stopping: take over after Skew_Time, so the best backup goes first.
        if (advertisement.Priority == VrrpConstants.PriorityStop)
        {
            IsReadyForMaster = false;
            actions.Add(new VrrpArmMasterDownTimer(SkewTime));
            return;
        }

        var fromLowerPriority = advertisement.Priority < Priority;
        if (fromLowerPriority && Options.Preempt && !IsWithinPreemptDelay())
        {
            // Preempt: discard the advert; the Master_Down_Timer will make us master.
            return;
        }

        if (!fromLowerPriority)
        {
            _lowerPriorityMasterSince = null;
        }

        // v3 learns the master's interval (RFC 5798 §6.4.2); v2 intervals must already match (RFC 3768 §7.1).
        if (Options.Version == VrrpVersion.V3)
        {
            MasterAdvertisementInterval = advertisement.Interval;
        }

        MasterAddress = received.Source;
        IsReadyForMaster = false;
        actions.Add(new VrrpArmMasterDownTimer(MasterDownInterval));
    }

    /// <summary>
    /// Preempt delay, as keepalived's <c>preempt_delay</c>: a backup keeps honouring a lower-priority
    /// master until the delay has passed since the first such advert in an unbroken run of them.
    /// </summary>
    private bool IsWithinPreemptDelay()
    {
        if (Options.PreemptDelay <= TimeSpan.Zero)
        {
            return false;
        }

        _lowerPriorityMasterSince ??= _timeProvider.GetTimestamp();
        return _timeProvider.GetElapsedTime(_lowerPriorityMasterSince.Value) < Options.PreemptDelay;
    }

    private void OnMasterDownTimerExpired(List<VrrpAction> actions)
    {
        if (DefersMasterToSyncGroup)
        {
            // The group decides; meanwhile keep a timer running, as keepalived does, so the
            // instance stays ready only while its master stays silent.
            IsReadyForMaster = true;
            actions.Add(new VrrpArmMasterDownTimer(MasterDownInterval));
            return;
        }

        BecomeMaster(VrrpTransitionReason.MasterDown, actions);
    }

    private void ResetBackupBookkeeping()
    {
        _lowerPriorityMasterSince = null;
        IsReadyForMaster = false;
        MasterAddress = null;
    }
}
