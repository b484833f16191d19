namespace Fulcrum.Core.Vrrp;

/// <summary>Tracking changed the effective priority (1–254).</summary>
public sealed record VrrpPriorityChanged(byte EffectivePriority) : VrrpEvent;
