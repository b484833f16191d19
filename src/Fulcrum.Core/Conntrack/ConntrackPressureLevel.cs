namespace Fulcrum.Core.Conntrack;

/// <summary>How close the conntrack table is to full (see <see cref="ConntrackPressureWatch"/>).</summary>
public enum ConntrackPressureLevel
{
    /// <summary>Below the warning threshold.</summary>
    Normal,

    /// <summary>At least <see cref="ConntrackPressureWatch.WarningPercent"/> full.</summary>
    Warning,

    /// <summary>At least <see cref="ConntrackPressureWatch.CriticalPercent"/> full: above 95 % the kernel's garbage collector starts evicting unanswered flows, at 100 % new flows are dropped.</summary>
    Critical,
}
