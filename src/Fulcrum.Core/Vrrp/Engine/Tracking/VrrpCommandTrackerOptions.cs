namespace Fulcrum.Core.Vrrp;

/// <summary>A command the <see cref="VrrpCommandTracker"/> runs periodically (keepalived's <c>vrrp_script</c>).</summary>
public sealed record VrrpCommandTrackerOptions
{
    /// <summary>The tracked object's name, <c>command:NAME</c> (<see cref="VrrpTrackedObject.CommandName"/>).</summary>
    public required string TrackedName { get; init; }

    /// <summary>Absolute path of the program, then its arguments, separated by spaces (no shell).</summary>
    public required string Run { get; init; }

    /// <summary>Time between the starts of two runs; a run that takes longer delays the next (never two at once).</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>A run still going after this is killed and counts as a failure.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Consecutive successes that make the object up.</summary>
    public int Rise { get; init; } = 1;

    /// <summary>Consecutive failures that make the object down.</summary>
    public int Fall { get; init; } = 1;
}
