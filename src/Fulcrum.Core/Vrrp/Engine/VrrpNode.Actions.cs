namespace Fulcrum.Core.Vrrp;

/// <summary>Carrying out the state machines' actions on the ports.</summary>
public sealed partial class VrrpNode
{
    // While a member's expired timer is handled, re-arming it counts from the deadline that fired,
    // not from "now": a late wake-up then does not stretch every later interval.
    private (VrrpMember Member, long Deadline)? _anchor;

    private void Execute(VrrpMember member, VrrpAction action)
    {
        switch (action)
        {
            case VrrpSendAdvert send:
                SendAdvert(member, send.Advertisement);
                break;
            case VrrpAddVirtualAddresses:
                member.ReleaseDeadline = null; // master again (a hand-over nobody took): the VIPs it kept stay
                ChangeAddresses(member, add: true);
                break;
            case VrrpRemoveVirtualAddresses when _deferRemovals:
                member.GratuitousArpDeadline = null;
                DeferRelease(member);
                break;
            case VrrpRemoveVirtualAddresses:
                member.GratuitousArpDeadline = null;
                ChangeAddresses(member, add: false);
                break;
            case VrrpSendGratuitousArp:
                member.GratuitousArpRemaining = _options.GratuitousArp.Count;
                SendGratuitousArpRound(member, _time.GetTimestamp());
                break;
            case VrrpArmAdvertTimer arm:
                Arm(member, arm.Delay, advert: true);
                break;
            case VrrpArmMasterDownTimer arm:
                Arm(member, arm.Delay, advert: false);
                break;
            case VrrpCancelTimers:
                member.TimerDeadline = null;
                break;
            case VrrpStateChanged changed:
                Publish(member, changed);
                break;
            default:
                throw new InvalidOperationException($"Unknown VRRP action {action}.");
        }
    }

    private void Arm(VrrpMember member, TimeSpan delay, bool advert)
    {
        var now = _time.GetTimestamp();
        var start = _anchor is { } anchor && anchor.Member == member ? anchor.Deadline : now;
        member.TimerDeadline = Math.Max(start + ToTimestampDelta(delay), now);
        member.TimerIsAdvert = advert;
    }

    private void SendAdvert(VrrpMember member, VrrpAdvertisement advertisement)
    {
        foreach (var destination in member.Destinations)
        {
            // The v3 checksum covers the destination (pseudo-header), so each one is written anew.
            var length = member.Writer.Write(advertisement, destination, member.SendBuffer);
            try
            {
                member.Channel.Send(member.SendBuffer.AsSpan(0, length), destination);
                _metrics.Sent(member.Name);
                member.SendFailing = false;
            }
#pragma warning disable CA1031 // A link that is down refuses sends; tracking handles it, the next advert retries.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                _metrics.SendFailed(member.Name);
                if (!member.SendFailing)
                {
                    VrrpLog.ActionFailed(_logger, member.Name, $"sending an advert to {destination} on {member.Options.Interface}", exception);
                }

                member.SendFailing = true;
            }
        }
    }

    private void ChangeAddresses(VrrpMember member, bool add)
    {
        var options = member.Options;
        foreach (var address in options.Instance.VirtualAddresses)
        {
            try
            {
                if (add)
                {
                    _addresses.AddAddress(options.Interface, address, options.PrefixLength);
                }
                else
                {
                    _addresses.RemoveAddress(options.Interface, address, options.PrefixLength);
                }
            }
#pragma warning disable CA1031 // One address failing must not stop the others or the adverts.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                var verb = add ? "adding" : "removing";
                VrrpLog.ActionFailed(_logger, member.Name, $"{verb} {address}/{options.PrefixLength} on {options.Interface}", exception);
            }
        }
    }

    private void SendGratuitousArpRound(VrrpMember member, long now)
    {
        var settings = _options.GratuitousArp;
        try
        {
            var link = _addresses.GetLink(member.Options.Interface);
            foreach (var address in member.Options.Instance.VirtualAddresses)
            {
                _arp.Announce(link, address);
                _metrics.GratuitousArpSent(member.Options.Interface);
            }
        }
#pragma warning disable CA1031 // Announcements are best effort; the next round retries.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            VrrpLog.ActionFailed(_logger, member.Name, $"gratuitous ARP on {member.Options.Interface}", exception);
        }

        member.GratuitousArpRemaining = Math.Max(0, member.GratuitousArpRemaining - 1);
        if (member.GratuitousArpRemaining > 0)
        {
            member.GratuitousArpDeadline = now + ToTimestampDelta(settings.Interval);
        }
        else if (settings.Refresh > TimeSpan.Zero)
        {
            // Next refresh round: one announcement per VIP.
            member.GratuitousArpRemaining = 1;
            member.GratuitousArpDeadline = now + ToTimestampDelta(settings.Refresh);
        }
        else
        {
            member.GratuitousArpDeadline = null;
        }
    }

    private void Publish(VrrpMember member, VrrpStateChanged changed)
    {
        var sequence = ++_sequence;
        var priority = member.Instance.Priority;
        VrrpLog.Transition(_logger, member.Name, changed.From, changed.To, changed.Reason, priority, sequence);
        _metrics.Transition(member.Name, changed.To);
        OnMastershipChanged(changed);
        _feed.Publish(new VrrpTransition(sequence, _options.GroupName, member.Name, changed.From, changed.To, changed.Reason, priority, _time.GetUtcNow()));
    }
}
