namespace Fulcrum.Core.Vrrp;

/// <summary>The instance moved from <paramref name="From"/> to <paramref name="To"/>; for logs, metrics and the reconciler.</summary>
public sealed record VrrpStateChanged(VrrpState From, VrrpState To, VrrpTransitionReason Reason) : VrrpAction;
