using System.Net;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Core.Vrrp;

/// <summary>
/// One node's VRRP: the sync group's instances, carried out on the ports. Single-threaded: the
/// <see cref="VrrpEngine"/> thread (or a test) calls every method, so the state machines are
/// stepped one event at a time. Timers are deadlines on the injected <see cref="TimeProvider"/>;
/// <see cref="RunDueTimers"/> fires those that are due and <see cref="TimeToNextDeadline"/> says
/// how long the caller may wait — with a fake clock, tests step time by hand.
/// </summary>
public sealed partial class VrrpNode
{
    private readonly VrrpNodeOptions _options;
    private readonly IAddressControl _addresses;
    private readonly IGratuitousArpSender _arp;
    private readonly VrrpTransitionFeed _feed;
    private readonly VrrpMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly VrrpSyncGroup _group;
    private readonly VrrpMember[] _members;
    private readonly Dictionary<VrrpInstance, VrrpMember> _byInstance = [];
    private long _sequence;

    /// <summary>
    /// Creates the node. <paramref name="channels"/> holds one channel per member, in member order.
    /// </summary>
    public VrrpNode(
        VrrpNodeOptions options,
        IReadOnlyList<IVrrpChannel> channels,
        IAddressControl addresses,
        IGratuitousArpSender gratuitousArp,
        VrrpTransitionFeed feed,
        VrrpMetrics metrics,
        ILogger logger,
        TimeProvider time,
        IFlowHandOff? flowHandOff = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(channels);
        ArgumentNullException.ThrowIfNull(addresses);
        ArgumentNullException.ThrowIfNull(gratuitousArp);
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(time);
        if (options.Members.Count == 0 || channels.Count != options.Members.Count)
        {
            throw new ArgumentException($"The node needs one channel per member: {options.Members.Count} member(s), {channels.Count} channel(s).", nameof(channels));
        }

        if (options.GratuitousArp.Count is < 1 or > 100 || options.GratuitousArp.Interval < TimeSpan.Zero || options.GratuitousArp.Refresh < TimeSpan.Zero)
        {
            throw new ArgumentException("Gratuitous ARP: count 1–100, interval and refresh not negative.", nameof(options));
        }

        if (options.TrackInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException("The track interval must be positive.", nameof(options));
        }

        if (options.FlowHandOff < TimeSpan.Zero)
        {
            throw new ArgumentException("The flow hand-off must not be negative.", nameof(options));
        }

        _options = options;
        _addresses = addresses;
        _arp = gratuitousArp;
        _feed = feed;
        _metrics = metrics;
        _logger = logger;
        _time = time;
        _flowHandOff = flowHandOff;

        _members = new VrrpMember[options.Members.Count];
        for (var i = 0; i < _members.Length; i++)
        {
            var memberOptions = options.Members[i];
            if (memberOptions.Hmac is not null && memberOptions.Instance.Version != VrrpVersion.V3)
            {
                throw new ArgumentException($"Instance {memberOptions.Instance.Name}: HMAC mode needs VRRP version 3.", nameof(options));
            }

            var member = new VrrpMember(i, memberOptions, new VrrpInstance(memberOptions.Instance, time), channels[i], time);
            _members[i] = member;
            _byInstance.Add(member.Instance, member);
        }

        _group = new VrrpSyncGroup(options.GroupName, [.. _members.Select(m => m.Instance)]);
        _tracking = new VrrpTracking(TrackedObjects(options));
        _trackedInterfaces = [.. _tracking.Names.Select(n => new VrrpTrackedObject(n, 0).Interface).OfType<string>()];
    }

    /// <summary>The instances, in member order.</summary>
    public IReadOnlyList<VrrpInstance> Instances => [.. _members.Select(m => m.Instance)];

    /// <summary>The options the node runs.</summary>
    public VrrpNodeOptions Options => _options;

    /// <summary>True between <see cref="Start"/> and <see cref="Stop"/> (or <see cref="BeginStop"/>).</summary>
    public bool IsRunning { get; private set; }

    /// <summary>
    /// Starts the group: VIPs left on the interfaces by a crash are removed before anything is
    /// announced, unless every VIP is still there (a restarted master: see <see cref="IsResuming"/>);
    /// reads the tracked links, then starts every instance (as Backup, or Fault).
    /// </summary>
    public void Start()
    {
        if (IsRunning)
        {
            return;
        }

        PrepareResume();
        foreach (var member in _members)
        {
            if (member.Options.Authentication.Type == VrrpAuthType.SimplePassword && member.Options.Instance.Version == VrrpVersion.V2)
            {
                VrrpLog.SimplePasswordIsNotSecurity(_logger, member.Name);
            }
        }

        PollTrackedInterfaces(applyToInstances: false);
        foreach (var member in _members)
        {
            var priority = _tracking.EffectivePriority(member.Options.Instance.Priority);
            Dispatch(member, new VrrpPriorityChanged(priority));
            if (_tracking.IsFault)
            {
                Dispatch(member, new VrrpFaultRaised());
            }
        }

        IsRunning = true;
        var first = _members[0].Options.Instance;
        VrrpLog.Started(_logger, _options.GroupName, _members.Length, (int)first.Version, first.AdvertisementInterval, _members[0].Instance.Priority);
        Execute(_group.Startup());
        ArmResumeWindow();
        _trackDeadline = _time.GetTimestamp() + ToTimestampDelta(_options.TrackInterval);
    }

    /// <summary>An advert for member <paramref name="memberIndex"/> passed the receive path.</summary>
    public void OnAdvert(int memberIndex, VrrpAdvertisement advertisement, IPAddress source)
    {
        ArgumentNullException.ThrowIfNull(advertisement);
        ArgumentNullException.ThrowIfNull(source);
        var member = _members[memberIndex];
        RememberPeer(member, source);
        OnAdvertWhileReleasing(member, advertisement, source);
        if (IsRunning)
        {
            Dispatch(member, new VrrpAdvertReceived(advertisement, source));
            CheckReleases();
            CheckResume(member);
            CheckHandOver();
        }
    }

    /// <summary>Fires every timer that is due now, in member order.</summary>
    public void RunDueTimers()
    {
        var now = _time.GetTimestamp();
        RunDueReleases(now);
        RunDueFlowHandOff(now);
        if (!IsRunning)
        {
            return;
        }

        foreach (var member in _members)
        {
            if (member.TimerDeadline is { } deadline && deadline <= now)
            {
                member.TimerDeadline = null;
                _metrics.TimerLateness(_time.GetElapsedTime(deadline, now));
                _anchor = (member, deadline);
                Dispatch(member, member.TimerIsAdvert ? new VrrpAdvertTimerExpired() : new VrrpMasterDownTimerExpired());
                _anchor = null;
            }

            if (member.GratuitousArpDeadline is { } arpDeadline && arpDeadline <= now)
            {
                SendGratuitousArpRound(member, now);
            }
        }

        if (_trackDeadline <= now)
        {
            PollTrackedInterfaces(applyToInstances: true);
            _trackDeadline = now + ToTimestampDelta(_options.TrackInterval);
        }

        CheckReleases();
        CheckResume(heardOn: null);
        CheckHandOver();
    }

    /// <summary>Time until the next timer is due (zero when one is overdue); null when none is armed.</summary>
    public TimeSpan? TimeToNextDeadline()
    {
        var next = IsRunning ? _trackDeadline : long.MaxValue;
        foreach (var member in _members)
        {
            next = Math.Min(next, member.TimerDeadline ?? long.MaxValue);
            next = Math.Min(next, member.GratuitousArpDeadline ?? long.MaxValue);
            next = Math.Min(next, member.ReleaseDeadline ?? long.MaxValue);
        }

        next = Math.Min(next, _handOffDeadline ?? long.MaxValue);

        if (next == long.MaxValue)
        {
            return null;
        }

        var now = _time.GetTimestamp();
        return next <= now ? TimeSpan.Zero : _time.GetElapsedTime(now, next);
    }

    private void Dispatch(VrrpMember member, VrrpEvent vrrpEvent) => Execute(_group.Handle(member.Instance, vrrpEvent));

    /// <summary>
    /// Carries out one input's actions, member by member; the gratuitous ARP bursts of members
    /// becoming master together go out last, back to back, once every member's VIPs are in place:
    /// the clients (public) and the real servers (private) then switch to this node within
    /// microseconds of each other, leaving almost no moment where a flow's two directions run
    /// through different balancers.
    /// </summary>
    private void Execute(IReadOnlyList<VrrpMemberActions> results)
    {
        List<VrrpMember>? announce = null;
        foreach (var (instance, actions) in results)
        {
            var member = _byInstance[instance];
            foreach (var action in actions)
            {
                if (action is VrrpSendGratuitousArp)
                {
                    (announce ??= []).Add(member);
                }
                else
                {
                    Execute(member, action);
                }
            }
        }

        foreach (var member in announce ?? [])
        {
            Execute(member, new VrrpSendGratuitousArp());
        }

        EvaluateFlowHandOff();
    }

    private long ToTimestampDelta(TimeSpan span) => (long)(span.Ticks * (double)_time.TimestampFrequency / TimeSpan.TicksPerSecond);

    private void RemoveStaleAddresses(VrrpMember member)
    {
        var vips = member.Options.Instance.VirtualAddresses;
        IReadOnlyList<InterfaceAddress> present;
        try
        {
            present = _addresses.GetAddresses(member.Options.Interface);
        }
#pragma warning disable CA1031 // A missing interface shows up as a tracking fault; start anyway.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            VrrpLog.ActionFailed(_logger, member.Name, $"listing the addresses of {member.Options.Interface}", exception);
            return;
        }

        foreach (var address in present.Where(a => vips.Contains(a.Address)))
        {
            if (_addresses.RemoveAddress(member.Options.Interface, address.Address, address.PrefixLength))
            {
                VrrpLog.StaleAddressRemoved(_logger, member.Name, address.Address, address.PrefixLength, member.Options.Interface);
            }
        }
    }
}
