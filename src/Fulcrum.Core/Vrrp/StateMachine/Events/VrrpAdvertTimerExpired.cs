namespace Fulcrum.Core.Vrrp;

/// <summary>The Adver_Timer armed by the latest VrrpArmAdvertTimer fired.</summary>
public sealed record VrrpAdvertTimerExpired : VrrpEvent;
