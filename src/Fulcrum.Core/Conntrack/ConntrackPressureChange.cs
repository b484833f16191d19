namespace Fulcrum.Core.Conntrack;

/// <summary>The conntrack table crossed a threshold: from <paramref name="From"/> to <paramref name="To"/>, at the sample <paramref name="Now"/>.</summary>
public sealed record ConntrackPressureChange(ConntrackPressureLevel From, ConntrackPressureLevel To, ConntrackTableStatistics Now)
{
    /// <summary>Whether the table got fuller (a warning), rather than recovering.</summary>
    public bool Rising => To > From;
}
