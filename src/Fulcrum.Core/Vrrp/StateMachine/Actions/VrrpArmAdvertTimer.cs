namespace Fulcrum.Core.Vrrp;

/// <summary>
/// Arm the Adver_Timer to fire after <paramref name="Delay"/>, replacing whatever timer is armed:
/// an instance has at most one timer at a time.
/// </summary>
public sealed record VrrpArmAdvertTimer(TimeSpan Delay) : VrrpAction;
