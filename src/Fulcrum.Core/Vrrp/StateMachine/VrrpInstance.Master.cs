using System.Buffers.Binary;
using System.Net;

namespace Fulcrum.Core.Vrrp;

/// <summary>Master state: RFC 5798 §6.4.3, RFC 3768 §6.4.3.</summary>
public sealed partial class VrrpInstance
{
    /// <summary>
    /// Backup → Master: RFC 5798 §6.4.2 "If the Master_Down_Timer fires". The addresses are added
    /// before the first advert: a resigning master gives its VIPs up when it hears that advert, so
    /// the VIPs are then already here and there is no moment where neither node holds them.
    /// </summary>
    private void BecomeMaster(VrrpTransitionReason reason, List<VrrpAction> actions)
    {
        ResetBackupBookkeeping();
        MasterAdvertisementInterval = Options.AdvertisementInterval;
        actions.Add(new VrrpAddVirtualAddresses());
        actions.Add(new VrrpSendAdvert(CreateAdvertisement(Priority)));
        actions.Add(new VrrpSendGratuitousArp());
        actions.Add(new VrrpArmAdvertTimer(Options.AdvertisementInterval));
        TransitionTo(VrrpState.Master, reason, actions);
    }

    private void SendAdvertAndRearm(List<VrrpAction> actions)
    {
        actions.Add(new VrrpSendAdvert(CreateAdvertisement(Priority)));
        actions.Add(new VrrpArmAdvertTimer(Options.AdvertisementInterval));
    }

    private void OnAdvertInMaster(VrrpAdvertReceived received, List<VrrpAction> actions)
    {
        var advertisement = received.Advertisement;

        // A master that stops: answer at once so no backup takes over at Skew_Time.
        if (advertisement.Priority == VrrpConstants.PriorityStop)
        {
            SendAdvertAndRearm(actions);
            return;
        }

        var senderWins = advertisement.Priority > Priority
            || (advertisement.Priority == Priority && CompareIpv4(received.Source, Options.PrimaryAddress) > 0);
        if (!senderWins)
        {
            return; // RFC 5798 §6.4.3: discard.
        }

        if (Options.Version == VrrpVersion.V3)
        {
            MasterAdvertisementInterval = advertisement.Interval;
        }

        LeaveMaster(VrrpTransitionReason.PreemptedByAdvert, resign: false, actions);
        MasterAddress = received.Source;
    }

    /// <summary>
    /// Master → Backup. <paramref name="resign"/> adds a priority-0 advert, used when the sync group
    /// (not a better master on this link) pulls us out, so this link's backup takes over fast.
    /// </summary>
    private void LeaveMaster(VrrpTransitionReason reason, bool resign, List<VrrpAction> actions)
    {
        actions.Add(new VrrpCancelTimers());
        if (resign)
        {
            actions.Add(new VrrpSendAdvert(CreateAdvertisement(VrrpConstants.PriorityStop)));
        }

        actions.Add(new VrrpRemoveVirtualAddresses());
        actions.Add(new VrrpArmMasterDownTimer(MasterDownInterval));
        TransitionTo(VrrpState.Backup, reason, actions);
    }

    /// <summary>Orders IPv4 addresses as unsigned 32-bit numbers in network order: "higher primary address". RFC 5798 §6.4.3.</summary>
    private static int CompareIpv4(IPAddress left, IPAddress right)
    {
        Span<byte> leftBytes = stackalloc byte[4];
        Span<byte> rightBytes = stackalloc byte[4];
        if (!left.TryWriteBytes(leftBytes, out var leftLength) || leftLength != 4
            || !right.TryWriteBytes(rightBytes, out var rightLength) || rightLength != 4)
        {
            throw new ArgumentException($"Cannot compare {left} and {right} as IPv4 addresses.");
        }

        return BinaryPrimitives.ReadUInt32BigEndian(leftBytes).CompareTo(BinaryPrimitives.ReadUInt32BigEndian(rightBytes));
    }
}
