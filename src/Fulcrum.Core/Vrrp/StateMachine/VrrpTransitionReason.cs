namespace Fulcrum.Core.Vrrp;

/// <summary>Why an instance changed state; reported in <see cref="VrrpStateChanged"/>.</summary>
public enum VrrpTransitionReason
{
    /// <summary>The instance was started.</summary>
    Startup,

    /// <summary>The instance was stopped.</summary>
    Shutdown,

    /// <summary>No usable advert within Master_Down_Interval (or Skew_Time after a priority-0 advert).</summary>
    MasterDown,

    /// <summary>A master received an advert that wins the election (higher priority, or equal and higher address).</summary>
    PreemptedByAdvert,

    /// <summary>Tracking reported a fault.</summary>
    FaultRaised,

    /// <summary>Tracking reported the fault cleared.</summary>
    FaultCleared,

    /// <summary>Another member of the sync group moved, and this one followed.</summary>
    SyncGroup,

    /// <summary>The operator handed mastership over to the peer (graceful failover).</summary>
    HandOver,
}
