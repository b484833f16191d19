namespace Fulcrum.Core.Vrrp;

/// <summary>Everything one node's VRRP engine runs: the sync group's members, announcements and tracking.</summary>
public sealed record VrrpNodeOptions
{
    /// <summary>How often tracked interfaces are polled for their link state.</summary>
    public static readonly TimeSpan DefaultTrackInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>The sync group's name, for logs and notify commands.</summary>
    public string GroupName { get; init; } = "fulcrum";

    /// <summary>The members; they move between Backup and Master together.</summary>
    public required IReadOnlyList<VrrpMemberOptions> Members { get; init; }

    /// <summary>Gratuitous ARP when becoming master.</summary>
    public GratuitousArpOptions GratuitousArp { get; init; } = new();

    /// <summary>
    /// Objects tracked besides each member's own interface (always tracked: its link down is a fault).
    /// </summary>
    public IReadOnlyList<VrrpTrackedObject> Tracking { get; init; } = [];

    /// <summary>Commands run periodically, each feeding one of <see cref="Tracking"/> (named <c>command:NAME</c>).</summary>
    public IReadOnlyList<VrrpCommandTrackerOptions> TrackedCommands { get; init; } = [];

    /// <summary>Link-state polling period of tracked interfaces.</summary>
    public TimeSpan TrackInterval { get; init; } = DefaultTrackInterval;

    /// <summary>The default of <see cref="FlowHandOff"/>.</summary>
    public static readonly TimeSpan DefaultFlowHandOff = Config.HaConfig.DefaultFlowHandOff;

    /// <summary>
    /// How long, after taking over from a peer that is still alive, this node sends the TCP packets of
    /// flows it does not know back to that peer (<see cref="IFlowHandOff"/>); zero turns it off.
    /// </summary>
    public TimeSpan FlowHandOff { get; init; } = DefaultFlowHandOff;
}
