namespace Fulcrum.Core.Vrrp;

/// <summary>The Master_Down_Timer armed by the latest VrrpArmMasterDownTimer fired.</summary>
public sealed record VrrpMasterDownTimerExpired : VrrpEvent;
