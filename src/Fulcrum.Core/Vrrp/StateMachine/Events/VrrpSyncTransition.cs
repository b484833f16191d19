namespace Fulcrum.Core.Vrrp;

/// <summary>Sent only by <see cref="VrrpSyncGroup"/>: move to <paramref name="Target"/> with the group.</summary>
internal sealed record VrrpSyncTransition(VrrpState Target, VrrpTransitionReason Reason) : VrrpEvent;
