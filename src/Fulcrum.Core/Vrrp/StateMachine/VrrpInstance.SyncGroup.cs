namespace Fulcrum.Core.Vrrp;

/// <summary>The hooks <see cref="VrrpSyncGroup"/> drives; internal so only the group moves members.</summary>
public sealed partial class VrrpInstance
{
    /// <summary>Set by the group: an expired Master_Down_Timer marks the instance ready instead of promoting it.</summary>
    internal bool DefersMasterToSyncGroup { get; set; }

    /// <summary>In Backup, the Master_Down_Timer expired and no usable advert has arrived since.</summary>
    internal bool IsReadyForMaster { get; private set; }

    /// <summary>Records that tracking cleared this instance's fault while the group keeps it in Fault for another member.</summary>
    internal void ClearFaultHeldByGroup() => IsFaultRaised = false;

    private void OnSyncTransition(VrrpSyncTransition sync, List<VrrpAction> actions)
    {
        switch (sync.Target, State)
        {
            case (VrrpState.Master, VrrpState.Backup):
                BecomeMaster(sync.Reason, actions);
                break;
            case (VrrpState.Backup, VrrpState.Master):
                LeaveMaster(sync.Reason, resign: true, actions);
                break;
            case (VrrpState.Backup, VrrpState.Fault) when !IsFaultRaised:
                EnterBackup(sync.Reason, actions);
                break;
            case (VrrpState.Fault, _):
                EnterFault(sync.Reason, actions);
                break;
        }
    }
}
